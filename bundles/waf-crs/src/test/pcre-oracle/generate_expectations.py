#!/usr/bin/env python3
"""Regenerates src/test/resources/crs-pcre-expectations.txt from real PCRE.

Usage (from the project root, with gcc and libpcre3-dev installed):
    python3 src/test/pcre-oracle/generate_expectations.py [CRS rules dir]

The @rx arguments are read the way Apache reads them (line continuations, \\" and \\\\ inside
quotes), the one CRS pattern with a macro is expanded with the CRS default value, and every
pattern is run over inputs.txt by pcre_oracle.c.
"""
import glob, hashlib, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
RULES = sys.argv[1] if len(sys.argv) > 1 else '/usr/share/modsecurity-crs/rules'
OUT = os.path.join(HERE, '..', 'resources', 'crs-pcre-expectations.txt')
MACROS = {'%{tx.allowed_request_content_type_charset}': 'utf-8|iso-8859-1|iso-8859-15|windows-1252'}


def logical_lines(path):
    buf = ''
    for line in open(path, encoding='latin-1'):
        line = line.rstrip('\n').rstrip(' \t\r')
        if not buf and line.strip().startswith('#'):
            continue
        if line.endswith('\\'):
            buf += line[:-1]
            continue
        yield buf + line
        buf = ''


def tokens(s):
    out, i = [], 0
    while i < len(s):
        if s[i] in ' \t':
            i += 1
            continue
        if s[i] in '"\'':
            q, j, t = s[i], i + 1, ''
            while j < len(s) and s[j] != q:
                if s[j] == '\\' and j + 1 < len(s) and s[j + 1] in (q, '\\'):
                    t += s[j + 1]
                    j += 2
                    continue
                t += s[j]
                j += 1
            out.append(t)
            i = j + 1
        else:
            j = i
            while j < len(s) and s[j] not in ' \t':
                j += 1
            out.append(s[i:j])
            i = j
    return out


def crs_patterns():
    last_id = '?'
    for path in sorted(glob.glob(os.path.join(RULES, '*.conf'))):
        for line in logical_lines(path):
            line = line.strip()
            if not line.startswith('SecRule'):
                continue
            t = tokens(line)
            m = re.search(r"(?:^|[,\s\"'])id:'?(\d+)", t[3] if len(t) > 3 else '')
            rule_id = m.group(1) if m else 'chained to ' + last_id
            if m:
                last_id = m.group(1)
            op = t[2][1:] if t[2].startswith('!') else t[2]
            if op.startswith('@rx ') or op.startswith('@rx\t'):
                pattern = re.sub(r'^[ \t]+', '', op[3:])
            elif not op.startswith('@'):
                pattern = op
            else:
                continue
            for macro, value in MACROS.items():
                pattern = pattern.replace(macro, value)
            yield rule_id, pattern


def read_inputs():
    values = []
    for line in open(os.path.join(HERE, 'inputs.txt'), encoding='ascii'):
        line = line.rstrip('\n')
        if line.startswith('#'):
            continue
        values.append(re.sub(r'\\\\|\\x([0-9a-f]{2})',
                             lambda m: '\\' if m.group(0) == '\\\\' else chr(int(m.group(1), 16)), line))
    return values


def main():
    patterns = list(crs_patterns())
    inputs = read_inputs()
    with tempfile.TemporaryDirectory() as tmp:
        oracle = os.path.join(tmp, 'pcre_oracle')
        subprocess.run(['gcc', '-O2', '-o', oracle, os.path.join(HERE, 'pcre_oracle.c'), '-lpcre'], check=True)
        with open(os.path.join(tmp, 'p.hex'), 'w') as f:
            for _, p in patterns:
                f.write(p.encode('latin-1').hex() + '\n')
        with open(os.path.join(tmp, 'i.hex'), 'w') as f:
            for v in inputs:
                f.write(v.encode('latin-1').hex() + '\n')
        result = subprocess.run([oracle, os.path.join(tmp, 'p.hex'), os.path.join(tmp, 'i.hex')],
                                check=True, capture_output=True, text=True).stdout
    with open(OUT, 'w', encoding='ascii') as f:
        f.write('# Expected @rx results for the OWASP CRS 3.3.4 patterns, computed with PCRE 8.39\n')
        f.write('# (PCRE_DOTALL | PCRE_DOLLAR_ENDONLY) by src/test/pcre-oracle/generate_expectations.py.\n')
        f.write('# input <i> <hex> | pattern <p> <sha1 of the pattern bytes> <rule id>\n')
        f.write('# match <p> <i> <start> <end> [<start>,<end> per group 1.. up to the last set one; -1,-1 = unset]\n')
        f.write('# A pattern/input pair without a match line does not match.\n')
        for i, v in enumerate(inputs):
            f.write('input %d %s\n' % (i, v.encode('latin-1').hex()))
        for p, (rule_id, pattern) in enumerate(patterns):
            f.write('pattern %d %s %s\n' % (p, hashlib.sha1(pattern.encode('latin-1')).hexdigest(), rule_id))
        for line in result.splitlines():
            fields = line.split('\t')
            if fields[1] in ('ERR', 'LIMIT') or (len(fields) > 2 and fields[2] == 'LIMIT'):
                sys.exit('PCRE could not evaluate: ' + line)
            f.write('match ' + ' '.join(fields) + '\n')
    print('%d patterns, %d inputs, %d matches' % (len(patterns), len(inputs), len(result.splitlines())))


if __name__ == '__main__':
    main()
