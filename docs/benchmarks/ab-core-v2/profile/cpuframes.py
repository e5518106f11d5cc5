import json,collections,re,sys
d=json.load(open(sys.argv[1])); N=int(sys.argv[2])
fr=[f['name'] for f in d['shared']['frames']]
selfw=collections.Counter(); incl=collections.Counter(); tot=0
def short(n): return re.sub(r'\(.*','',n)
for p in d['profiles']:
    st=[];last=None
    for e in p['events']:
        t=e['at']
        if last is not None and len(st)>=2 and fr[st[-1]]=='CPU_TIME':
            dt=t-last; tot+=dt; selfw[short(fr[st[-2]])]+=dt
            for f in set(st[:-1]): incl[short(fr[f])]+=dt
        last=t
        if e['type']=='O': st.append(e['frame'])
        elif st: st.pop()
print("CPU samples ms", round(tot))
for n,w in selfw.most_common(N): print(f"self {100*w/tot:5.1f}% {n[:150]}")
skip=re.compile(r'^(Thread|Threads|Process64|\(Non-Activities\)|\?!\?|$)')
k=0
for n,w in incl.most_common(400):
    if skip.search(n) or 'StartCallback' in n: continue
    if not re.search(r'McpPlatform|ModelContextProtocol|Concurrent|ConditionalWeak|ThreadLocal|Lock|Monitor|Finaliz|LowLevelLifo|PollGC|Kestrel|Http', n): continue
    print(f"incl {100*w/tot:5.1f}% {n[:150]}"); k+=1
    if k>=N: break
