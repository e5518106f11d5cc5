import json,sys,collections,re
d=json.load(open(sys.argv[1])); N=int(sys.argv[2]) if len(sys.argv)>2 else 30
frames=[f['name'] for f in d['shared']['frames']]
WAIT=re.compile(r'WaitNative|WaitOneNoCheck|Monitor\.Wait\(|epoll|Thread\.Sleep|LowLevelLifoSemaphore\.Wait|WaitForSocketEvents|Interop\+Sys\.Read\(|Interop\+Sys\.Poll|ManualResetEventSlim\.Wait|SpinThenBlockingWait|TimerThread|WaitForSignal|PollGC')
selfw=collections.Counter(); incl=collections.Counter(); total=0.0; waited=0.0
def short(n): return re.sub(r'\(.*','',n)
for p in d['profiles']:
    stack=[]; last=None
    for e in p['events']:
        t=e['at']
        if last is not None and len(stack)>=2:
            dt=t-last
            pseudo=frames[stack[-1]]; leaf=frames[stack[-2]]
            if pseudo=='UNMANAGED_CODE_TIME' and (WAIT.search(leaf) or any(WAIT.search(frames[f]) for f in stack[-4:-1])):
                waited+=dt
            else:
                total+=dt; selfw[short(leaf)+(' [native]' if pseudo=='UNMANAGED_CODE_TIME' else '')]+=dt
                for f in set(stack[:-1]): incl[short(frames[f])]+=dt
        last=t
        if e['type']=='O': stack.append(e['frame'])
        elif stack: stack.pop()
print(f"busy {total:.0f} ms, waiting {waited:.0f} ms (left out)")
print("-- self --")
for n,w in selfw.most_common(N): print(f"{100*w/total:5.1f}%  {n[:160]}")
print("-- inclusive --")
skip=re.compile(r'^(Thread \(|Threads|Process64|\(Non-Activities\)|\?!\?)')
k=0
for n,w in incl.most_common(400):
    if skip.search(n): continue
    print(f"{100*w/total:5.1f}%  {n[:160]}"); k+=1
    if k>=N+30: break
