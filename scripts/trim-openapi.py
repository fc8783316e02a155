#!/usr/bin/env python3
"""Trims an OpenAPI 3 description (or a Swagger 2.0 one, such as Slack's) to the paths a test
needs, keeping every component (Swagger 2.0: definition) they reference, directly or through
other components, and nothing else.

The connectors' conformance tests (integration-connectors, dev.integrationagent.conformance)
validate recorded traffic against vendor descriptions that must live in the repository; the
full GitHub description is 13 MB. This script makes the committed copies, and says in the
output's info.x-trimmed where they came from.

Usage:
  scripts/trim-openapi.py SOURCE.json OUT.json --source-name NAME --path /a/{b} [--path ...]

  e.g. the GitHub copy, from npm's @octokit/openapi 23.0.2 (npm pack @octokit/openapi@23.0.2):
  scripts/trim-openapi.py package/generated/api.github.com.json \
      integration-connectors/src/test/resources/openapi/github/api.github.com.trimmed.json \
      --source-name "@octokit/openapi 23.0.2 generated/api.github.com.json" \
      --path /rate_limit --path /repos/{owner}/{repo}/issues ...

  The exact commands for the committed files are in
  integration-connectors/src/test/resources/openapi/README.md.
"""
import argparse
import hashlib
import json
import sys


def refs(node, found):
    """Collects every local $ref ('#/components/...') under node."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            if not ref.startswith("#/"):
                sys.exit("only local references are supported, found " + ref)
            found.add(ref)
        for value in node.values():
            refs(value, found)
    elif isinstance(node, list):
        for value in node:
            refs(value, found)


def resolve(spec, ref):
    node = spec
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[part]
    return node


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source")
    parser.add_argument("out")
    parser.add_argument("--source-name", required=True, help="where SOURCE came from: package or site, version, file")
    parser.add_argument("--path", action="append", required=True, help="a path template to keep, as the description spells it")
    parser.add_argument("--webhook", action="append", default=[], help="an x-webhooks entry to keep (GitHub: issues-edited)")
    args = parser.parse_args()

    with open(args.source, "rb") as f:
        raw = f.read()
    spec = json.loads(raw)
    missing = [p for p in args.path if p not in spec.get("paths", {})]
    missing += [w for w in args.webhook if w not in spec.get("x-webhooks", {})]
    if missing:
        sys.exit("not in the description: " + ", ".join(missing))

    swagger2 = "swagger" in spec
    top = ("swagger", "info", "host", "basePath", "schemes", "consumes", "produces", "security",
           "securityDefinitions", "externalDocs") if swagger2 else ("openapi", "info", "servers", "security", "externalDocs")
    out = {k: spec[k] for k in top if k in spec}
    out["info"] = dict(out["info"])
    out["info"]["x-trimmed"] = {
        "source": args.source_name,
        "source-sha256": hashlib.sha256(raw).hexdigest(),
        "paths": sorted(args.path),
        "webhooks": sorted(args.webhook),
        "by": "scripts/trim-openapi.py",
    }
    out["paths"] = {p: spec["paths"][p] for p in sorted(args.path)}
    if args.webhook:
        out["x-webhooks"] = {w: spec["x-webhooks"][w] for w in sorted(args.webhook)}

    # the closure of references, from the kept paths through the components they name
    components = {}
    todo = set()
    refs(out["paths"], todo)
    refs(out.get("x-webhooks", {}), todo)
    done = set()
    while todo:
        ref = todo.pop()
        if ref in done:
            continue
        done.add(ref)
        parts = ref[2:].split("/")
        target = resolve(spec, ref)
        if swagger2 and parts[0] == "definitions" and len(parts) == 2:
            components.setdefault("definitions", {})[parts[1].replace("~1", "/").replace("~0", "~")] = target
        elif not swagger2 and parts[0] == "components" and len(parts) == 3:
            components.setdefault(parts[1], {})[parts[2].replace("~1", "/").replace("~0", "~")] = target
        else:
            sys.exit("unsupported reference " + ref)
        refs(target, todo)
    # security schemes are named by security requirements, not by $ref: keep them all
    schemes = spec.get("components", {}).get("securitySchemes")
    if schemes:
        components["securitySchemes"] = schemes
    if swagger2:
        out["definitions"] = dict(sorted(components.get("definitions", {}).items()))
    else:
        out["components"] = {kind: dict(sorted(items.items())) for kind, items in sorted(components.items())}

    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False, sort_keys=False)
        f.write("\n")
    kept = len(out["definitions"]) if swagger2 else sum(len(v) for v in out["components"].values())
    print(f"{args.out}: {len(out['paths'])} paths, {kept} components", file=sys.stderr)


if __name__ == "__main__":
    main()
