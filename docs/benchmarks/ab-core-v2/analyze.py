import json,sys,statistics as st,collections
base=sys.argv[1]
pairs=collections.defaultdict(list)   # key -> list of (round label, old row, new row)
direct=collections.defaultdict(list)
for run,new_is_b in (("a-old-b-new",True),("a-new-b-old",False)):
    try: data=json.load(open(f"{base}/{run}/results.json"))
    except FileNotFoundError: continue
    rows=data["rows"]
    idx={(r["System"],r["Workload"],r["Concurrency"],r["Round"]):r for r in rows}
    for (sysn,w,c,rd),r in idx.items():
        if sysn=="our connector (HTTP)":
            direct[(w,c)].append((f"{run}#{rd}",r)); continue
        if sysn.endswith(" [B]"): continue
        b=idx.get((sysn+" [B]",w,c,rd))
        if not b: continue
        old,new=(r,b) if new_is_b else (b,r)
        pairs[(sysn,w,c)].append((f"{run}#{rd}",old,new, idx.get(("our connector (HTTP)",w,c,rd))))
def cps(r): return r["Result"]["CallsPerSecond"]
print("| Cell | Workload | Sessions | old calls/s (median) | new calls/s (median) | new ÷ old per pair | new ÷ old median | min–max | p50 ms old / new (median) | gateway CPU µs/call old / new (median) | hop ÷ direct old / new (median) |")
print("|---|---|---:|---:|---:|---|---:|---|---:|---:|---:|")
for k,v in pairs.items():
    ratios=[cps(n)/cps(o) for _,o,n,_ in v]
    hop_o=[cps(o)/cps(d) for _,o,n,d in v if d]; hop_n=[cps(n)/cps(d) for _,o,n,d in v if d]
    print(f"| {k[0]} | {k[1]} | {k[2]} | {st.median(cps(o) for _,o,_,_ in v):.0f} | {st.median(cps(n) for _,_,n,_ in v):.0f} | {' · '.join(f'{x:.2f}' for x in ratios)} | **{st.median(ratios):.2f}x** | {min(ratios):.2f}–{max(ratios):.2f} | {st.median(o['Result']['P50Ms'] for _,o,_,_ in v):.3f} / {st.median(n['Result']['P50Ms'] for _,_,n,_ in v):.3f} | {st.median(o['GatewayCpuUs'] for _,o,_,_ in v):.0f} / {st.median(n['GatewayCpuUs'] for _,_,n,_ in v):.0f} | {(f'{st.median(hop_o):.2f} / {st.median(hop_n):.2f}' if hop_o else '')} |")
print()
print("| Cell | Workload | Sessions | gateway CPU µs/call new ÷ old per pair | median |")
print("|---|---|---:|---|---:|")
for k,v in pairs.items():
    r=[n['GatewayCpuUs']/o['GatewayCpuUs'] for _,o,n,_ in v]
    print(f"| {k[0]} | {k[1]} | {k[2]} | {' · '.join(f'{x:.2f}' for x in r)} | {st.median(r):.2f} |")
