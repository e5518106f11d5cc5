import subprocess,sys,time,json,os
# usage: [WARM=s] [SQL=...] stdio-drive.py SECONDS ENVVAR=VAL... -- command...   (prints context switches, CPU and latency per call)
secs=float(sys.argv[1]); i=sys.argv.index('--'); env=dict(os.environ)
for kv in sys.argv[2:i]: k,v=kv.split('=',1); env[k]=v
p=subprocess.Popen(sys.argv[i+1:],stdin=subprocess.PIPE,stdout=subprocess.PIPE,stderr=subprocess.DEVNULL,env=env,bufsize=0)
def req(obj):
    p.stdin.write((json.dumps(obj)+"\n").encode())
    while True:
        line=p.stdout.readline()
        if not line: raise SystemExit("exited")
        m=json.loads(line)
        if m.get('id')==obj.get('id'): return m
req({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"x","version":"1"}}})
p.stdin.write(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
lat=[]; n=1
def run(t):
    global n
    end=time.time()+t
    while time.time()<end:
        n+=1; s=time.perf_counter()
        r=req({"jsonrpc":"2.0","id":n,"method":"tools/call","params":{"name":"execute_sql","arguments":{"sql":os.environ.get("SQL","SELECT 1")}}})
        lat.append(time.perf_counter()-s)
        if n==3: sys.stderr.write(json.dumps(r)[:300]+"\n")
import glob
def ctx(pid):
    v=n=0
    for f in glob.glob(f"/proc/{pid}/task/*/status"):
        try:
            for line in open(f):
                if line.startswith("voluntary_ctxt_switches"): v+=int(line.split()[1])
                elif line.startswith("nonvoluntary_ctxt_switches"): n+=int(line.split()[1])
        except Exception: pass
    return v,n
run(float(os.environ.get("WARM","4"))); lat.clear(); cs0=ctx(p.pid); c0=open(f"/proc/{p.pid}/stat").read().split(")")[1].split(); ut0=(int(c0[11])+int(c0[12]))/os.sysconf("SC_CLK_TCK"); t0=time.time(); run(secs); el=time.time()-t0
cpu=open(f"/proc/{p.pid}/stat").read().split(")")[1].split(); ut=(int(cpu[11])+int(cpu[12]))/os.sysconf("SC_CLK_TCK")
cs1=ctx(p.pid); lat.sort(); print(f"ctxsw/call vol {(cs1[0]-cs0[0])/len(lat):.2f} invol {(cs1[1]-cs0[1])/len(lat):.2f}", f"cpu/call {1e6*(ut-ut0)/len(lat):.0f} us", f"{len(lat)/el:.0f} calls/s p50 {1000*lat[len(lat)//2]:.3f} ms p99 {1000*lat[int(len(lat)*.99)]:.3f} ms max {1000*lat[-1]:.1f} ms")
p.kill()
