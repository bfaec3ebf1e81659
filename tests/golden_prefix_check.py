"""Check that the golden diff is only the id prefix: undo 'p' before each 12-hex id in the
new files and compare byte for byte with HEAD's version."""
import re, subprocess, sys
files = subprocess.run(["git", "diff", "--name-only", "tests/golden"], capture_output=True,
                       text=True, check=True).stdout.split()
pat = re.compile(r"(?<![0-9a-z])p([0-9a-f]{12})(?![0-9a-f])")
ok = True
for f in files:
    old = subprocess.run(["git", "show", f"HEAD:{f}"], capture_output=True, text=True,
                         check=True).stdout
    new = open(f).read()
    undone, n = pat.subn(r"\1", new)
    same = undone == old
    ok &= same
    print(f"{f}: {n} ids prefixed, identical after removing prefix: {same}")
sys.exit(0 if ok else 1)
