#!/usr/bin/env python3
"""Fill checksummed placeholders in the reports corpus, in place.

The report texts are written by hand; only numbers whose validity is a
checksum are generated here, so that PII detectors can be tested on values
that pass the same checks real ones do.  A placeholder is the literal part
of a PII markup starting with '?':

  ⟦IBAN|?DE⟧  compact IBAN       ⟦IBAN|?DE_⟧  IBAN in groups of four
  ⟦CARD|?⟧    card, groups of 4 with spaces  ⟦CARD|?-⟧ with dashes  ⟦CARD|?.⟧ compact
              (?M... for a Mastercard prefix, default Visa)
  ⟦WALLET|?BTC⟧ ⟦WALLET|?TRX⟧ (base58check)  ⟦WALLET|?ETH⟧ (0x + 40 hex)
  ⟦NATID|?PESEL⟧ ⟦NATID|?CNP⟧ ⟦NATID|?CNID⟧ ⟦NATID|?AADHAAR⟧ ⟦NATID|?THID⟧ ⟦NATID|?DNI⟧

Values are derived from a hash of the report id and position, so running the
script again changes nothing.  Usage: fill_numbers.py test/reports/*.tsv
"""
import hashlib
import random
import re
import sys

IBAN_BBAN = {  # country: (length, BBAN pattern: 9 digit, A letter, X alnum)
    'DE': '9' * 18, 'ES': '9' * 20, 'FR': '9' * 23, 'PT': '9' * 21,
    'PL': '9' * 24, 'RO': 'AAAA' + '9' * 16, 'GB': 'AAAA' + '9' * 14,
    'IT': 'A' + '9' * 22, 'NL': 'AAAA' + '9' * 10, 'UA': '9' * 25,
    'AE': '9' * 19, 'SA': '9' * 20, 'BG': 'AAAA' + '9' * 14, 'BE': '9' * 12,
}
B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'


def iban(rng, cc, grouped):
    bban = ''.join(rng.choice('0123456789') if p == '9' else
                   rng.choice('ABCDEFGHIJKLMNOPQRSTUVWXYZ') for p in IBAN_BBAN[cc])
    digits = ''.join(str(int(ch, 36)) for ch in bban + cc + '00')
    value = cc + '%02d' % (98 - int(digits) % 97) + bban
    return ' '.join(value[i:i + 4] for i in range(0, len(value), 4)) if grouped else value


def luhn_complete(prefix, length, rng):
    body = prefix + ''.join(rng.choice('0123456789') for _ in range(length - len(prefix) - 1))
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return body + str((10 - total % 10) % 10)


def card(rng, style):
    prefix = '5' + rng.choice('12345') if style.startswith('M') else '4'
    style = style[1:] if style.startswith('M') else style
    n = luhn_complete(prefix, 16, rng)
    if style == '.':
        return n
    sep = '-' if style == '-' else ' '
    return sep.join(n[i:i + 4] for i in range(0, 16, 4))


def b58check(payload):
    raw = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    n = int.from_bytes(raw, 'big')
    out = ''
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    return '1' * (len(raw) - len(raw.lstrip(b'\0'))) + out


def wallet(rng, kind):
    body = bytes(rng.randrange(256) for _ in range(20))
    if kind == 'BTC':
        return b58check(b'\x00' + body)
    if kind == 'TRX':
        return b58check(b'\x41' + body)
    return '0x' + body.hex()


def natid(rng, kind):
    d = lambda n: ''.join(rng.choice('0123456789') for _ in range(n))
    if kind == 'PESEL':
        base = '%02d%02d%02d' % (rng.randrange(60, 99), rng.randrange(1, 13), rng.randrange(1, 29)) + d(4)
        w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
        return base + str((10 - sum(int(c) * x for c, x in zip(base, w)) % 10) % 10)
    if kind == 'CNP':
        base = rng.choice('12') + '%02d%02d%02d' % (rng.randrange(60, 99), rng.randrange(1, 13),
                                                    rng.randrange(1, 29)) + '%02d' % rng.randrange(1, 41) + d(3)
        w = '279146358279'
        r = sum(int(c) * int(x) for c, x in zip(base, w)) % 11
        return base + ('1' if r == 10 else str(r))
    if kind == 'CNID':
        base = rng.choice(['110101', '440305', '510104', '320102']) + \
            '19%02d%02d%02d' % (rng.randrange(60, 99), rng.randrange(1, 13), rng.randrange(1, 29)) + d(3)
        w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        return base + '10X98765432'[sum(int(c) * x for c, x in zip(base, w)) % 11]
    if kind == 'AADHAAR':
        # Verhoeff check digit
        D = [[0,1,2,3,4,5,6,7,8,9],[1,2,3,4,0,6,7,8,9,5],[2,3,4,0,1,7,8,9,5,6],
             [3,4,0,1,2,8,9,5,6,7],[4,0,1,2,3,9,5,6,7,8],[5,9,8,7,6,0,4,3,2,1],
             [6,5,9,8,7,1,0,4,3,2],[7,6,5,9,8,2,1,0,4,3],[8,7,6,5,9,3,2,1,0,4],
             [9,8,7,6,5,4,3,2,1,0]]
        P = [[0,1,2,3,4,5,6,7,8,9],[1,5,7,6,2,8,3,0,9,4],[5,8,0,3,7,9,6,1,4,2],
             [8,9,1,6,0,4,3,5,2,7],[9,4,5,3,1,2,6,8,7,0],[4,2,8,6,5,7,3,9,0,1],
             [2,7,9,3,8,0,6,4,1,5],[7,0,4,6,9,1,3,2,5,8]]
        INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]
        base = str(rng.randrange(2, 10)) + d(10)
        c = 0
        for i, ch in enumerate(reversed(base)):
            c = D[c][P[(i + 1) % 8][int(ch)]]
        n = base + str(INV[c])
        return ' '.join(n[i:i + 4] for i in range(0, 12, 4))
    if kind == 'THID':
        base = rng.choice('1358') + d(11)
        s = sum(int(c) * (13 - i) for i, c in enumerate(base))
        n = base + str((11 - s % 11) % 10)
        return '%s-%s-%s-%s-%s' % (n[0], n[1:5], n[5:10], n[10:12], n[12])
    if kind == 'DNI':
        n = rng.randrange(10000000, 99999999)
        return '%08d%s' % (n, 'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23])
    raise ValueError(kind)


PLACEHOLDER = re.compile(r'⟦(IBAN|CARD|WALLET|NATID)\|\?([^⟧]*)⟧')


def fill(report_id, text):
    count = [0]

    def one(m):
        count[0] += 1
        seed = hashlib.sha256(('%s/%d' % (report_id, count[0])).encode()).digest()
        rng = random.Random(seed)
        kind, arg = m.group(1), m.group(2)
        if kind == 'IBAN':
            value = iban(rng, arg.rstrip('_'), arg.endswith('_'))
        elif kind == 'CARD':
            value = card(rng, arg)
        elif kind == 'WALLET':
            value = wallet(rng, arg)
        else:
            value = natid(rng, arg)
        return '⟦%s|%s⟧' % (kind, value)
    return PLACEHOLDER.sub(one, text)


for path in sys.argv[1:]:
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    out = []
    for line in lines:
        cols = line.split('\t')
        if len(cols) == 7 and cols[0] != 'id':
            cols[6] = fill(cols[0], cols[6])
        out.append('\t'.join(cols))
    with open(path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(out))
