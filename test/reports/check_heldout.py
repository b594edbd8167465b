#!/usr/bin/env python3
"""Checks a held-out set (the directory given): 7 columns, labels that exist in data/vocabulary/terms.tsv, markup
well formed, no unfilled placeholder, IBAN mod 97 and card Luhn valid.  Run from the
repository root: test/reports/check_heldout.py test/reports/heldout6"""
import glob,re,sys
terms=set(l.split('\t')[1] for l in open('data/vocabulary/terms.tsv') if not l.startswith('#') and '\t' in l)
MARK=re.compile(r'⟦([A-Z]+)\|(.*?)⟧')
kinds='PHONE EMAIL IBAN CARD PASSPORT NATID IP URL HANDLE WALLET ADDRESS NAME'.split()
from collections import Counter
c=Counter(); n=0; empty=0
def luhn(s):
    d=[int(x) for x in s][::-1]; return sum(x if i%2==0 else (x*2-9 if x*2>9 else x*2) for i,x in enumerate(d))%10==0
for f in sorted(glob.glob(sys.argv[1].rstrip('/') + '/*.tsv')):
    lines=open(f,encoding='utf-8').read().splitlines()
    for l in lines[1:]:
        cols=l.split('\t'); assert len(cols)==7,(f,l[:50]); n+=1
        empty += not cols[2]
        for v in cols[2:6]:
            for t in v.split(','):
                if t and t not in terms: print('BAD TERM',cols[0],t)
        for m in MARK.finditer(cols[6]):
            k,v=m.groups(); c[k]+=1
            if v.startswith('?'): print('UNFILLED',cols[0],v)
            assert k in kinds,(cols[0],k)
            if k=='IBAN':
                s=v.replace(' ',''); s2=s[4:]+s[:4]; assert int(''.join(str(int(ch,36)) for ch in s2))%97==1,v
            if k=='CARD': assert luhn(re.sub(r'\D','',v)),v
        rest=MARK.sub('',cols[6])
        if '⟦' in rest or '⟧' in rest: print('BROKEN',cols[0])
print(n, 'no-exploitation', empty, sorted(c.items()), sum(c.values()))
