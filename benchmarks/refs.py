#!/usr/bin/env python3
"""Writes a 10,000-post site for timing `folio index` with references:
copies of the example post, one date each, every tenth with a `relref` to
the next post (1,000 references). Usage: benchmarks/refs.py DIR"""
import os
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
src = open(os.path.join(root, "content/posts/2017-05-28-pyconweb-may17.md")).read()
body = src.split("+++", 2)[2]
out = os.path.join(sys.argv[1], "posts")
os.makedirs(out, exist_ok=True)
for i in range(10000):
    date = f"20{10 + i // 365 % 16:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"
    ref = '\n\n[next]({{< relref "p%05d" >}})\n' % ((i + 1) % 10000) if i % 10 == 0 else ""
    with open(os.path.join(out, f"p{i:05d}.md"), "w") as f:
        f.write(f'+++\ntitle = "Post {i}"\ndate = {date}\ntags = ["t{i % 60}"]\n+++\n{body}{ref}')
