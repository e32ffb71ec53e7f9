#!/usr/bin/env bash
# Validate a SARIF log the way GitHub code scanning needs it:
#   tests/sarif/validate-sarif.sh [--tools DIR] [--show-notes] FILE.sarif
# a. Microsoft's validator (Sarif.Multitool validate) with the GitHub policy
#    (github.config.xml beside this script) and rule kinds Sarif;Ghas. Its exit
#    code is 0 even when it finds errors, so its output log is parsed: any result
#    of level error or warning fails; notes are counted and allowed.
# b. JSON-schema validation against the sarif-2.1.0.json shipped with the
#    validator (draft 2020-12), with Debian's /usr/bin/python3 + jsonschema.
#    (The validator alone accepts e.g. "level": "fatal".) python3-rfc3987 makes
#    the "uri"/"uri-reference" formats checked (e.g. an unescaped space).
# c. A few checks both miss: index/id consistency (ruleIndex, artifact index,
#    notification descriptors), undefined uriBaseIds, the spec's all-or-none
#    rule for suppressions/baselineState, and GitHub's documented limits on rule
#    properties (security-severity string 0.1-10, precision, problem.severity,
#    descriptions <= 1024 chars, name <= 255, tags <= 20) and its required
#    partialFingerprints.primaryLocationLineHash and non-empty location uri.
# Exit: 0 both clean, 1 problems found (one per line on stdout), 2 usage error
# or tools missing. No network needed (SARIF2006 "URI not reachable" is a note).
# DIR defaults to $SARIF_TOOLS_DIR, else ~/.cache/drvcert/sarif-tools, the
# default of scripts/install-sarif-tools.sh.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
tools=${SARIF_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/drvcert/sarif-tools}
py=/usr/bin/python3

usage() { echo "usage: $0 [--tools DIR] [--show-notes] FILE.sarif" >&2; exit 2; }
file=
show_notes=0
while [ $# -gt 0 ]; do
  case "$1" in
    --tools) [ $# -ge 2 ] || usage; tools=$2; shift 2 ;;
    --tools=*) tools=${1#--tools=}; shift ;;
    --show-notes) show_notes=1; shift ;;
    -h|--help) usage ;;
    -*) echo "unknown option: $1" >&2; usage ;;
    *) [ -z "$file" ] || usage; file=$1; shift ;;
  esac
done
[ -n "$file" ] || usage
if [ ! -f "$file" ]; then
  echo "error: $file: no such file" >&2
  exit 2
fi

pkg="$tools/node_modules/@microsoft/sarif-multitool-linux"
multitool="$pkg/Sarif.Multitool"
schema="$pkg/sarif-2.1.0.json"
config="$here/github.config.xml"
missing=
[ -x "$multitool" ] || missing="$missing $multitool"
[ -f "$schema" ] || missing="$missing $schema"
[ -x "$py" ] && "$py" -c 'import jsonschema, rfc3987' >/dev/null 2>&1 ||
  missing="$missing $py+jsonschema+rfc3987"
if [ -n "$missing" ]; then
  echo "error: SARIF tools missing:$missing" >&2
  echo "run: $repo/scripts/install-sarif-tools.sh $tools" >&2
  exit 2
fi
if [ ! -f "$config" ]; then
  echo "error: $config missing" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/validate-sarif.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
out="$work/validation.sarif"

# a. Sarif.Multitool. Its console output is kept only to explain a fatal failure.
"$multitool" validate "$file" --config "$config" --rule-kind "Sarif;Ghas" \
  --level "Error;Warning;Note" --output "$out" --log "ForceOverwrite;PrettyPrint" \
  >"$work/console.txt" 2>&1
mt_rc=$?
if [ "$mt_rc" -ne 0 ] || [ ! -s "$out" ]; then
  echo "error: Sarif.Multitool validate failed (exit $mt_rc):" >&2
  cat "$work/console.txt" >&2
  exit 2
fi

"$py" - "$file" "$out" "$schema" "$show_notes" <<'EOF'
import json, re, sys

target, out_path, schema_path = sys.argv[1:4]
show_notes = sys.argv[4] == "1"
problems = 0

# --- a. the validator's output log -------------------------------------------
with open(out_path, encoding="utf-8-sig") as f:
    log = json.load(f)

def render(msg, rule):
    if msg.get("text"):
        return msg["text"]
    tmpl = (rule.get("messageStrings", {}).get(msg.get("id", ""), {}) or {}).get("text")
    args = msg.get("arguments", [])
    if tmpl is None:
        return "%s %s" % (msg.get("id", ""), args)
    s = re.sub(r"(?<!\{)\{(\d+)\}", lambda m: str(args[int(m.group(1))]) if int(m.group(1)) < len(args) else m.group(0), tmpl)
    return s.replace("{{", "{").replace("}}", "}")

def where(res):
    try:
        pl = res["locations"][0]["physicalLocation"]
    except (KeyError, IndexError):
        return target
    reg = pl.get("region", {})
    s = target
    if "startLine" in reg:
        s += ":%d" % reg["startLine"]
        if "startColumn" in reg:
            s += ":%d" % reg["startColumn"]
    return s

notes = {}
mt_results = 0
for run in log.get("runs", []):
    rules = run.get("tool", {}).get("driver", {}).get("rules", [])
    by_id = {r.get("id"): r for r in rules}
    for res in run.get("results", []):
        mt_results += 1
        rid = res.get("ruleId", "?")
        rule = rules[res["ruleIndex"]] if 0 <= res.get("ruleIndex", -1) < len(rules) else by_id.get(rid, {})
        level = res.get("level") or rule.get("defaultConfiguration", {}).get("level", "warning")
        if res.get("kind", "fail") != "fail" or level == "none":
            continue
        if level == "note":
            notes[rid] = notes.get(rid, 0) + 1
            if show_notes:
                print("%s: note %s: %s" % (where(res), rid, render(res.get("message", {}), rule)))
            continue
        problems += 1
        print("%s: %s %s: %s" % (where(res), level, rid, render(res.get("message", {}), rule)))
    for inv in run.get("invocations", []):
        if inv.get("executionSuccessful") is False:
            problems += 1
            print("%s: error Sarif.Multitool: execution not successful" % target)
        for key in ("toolExecutionNotifications", "toolConfigurationNotifications"):
            for n in inv.get(key, []):
                nid = n.get("descriptor", {}).get("id", "")
                # Expected: the GitHub policy disables SARIF2016 on purpose.
                if nid == "WRN999.RuleExplicitlyDisabled":
                    continue
                level = n.get("level", "warning")
                if level in ("error", "warning"):
                    problems += 1
                    print("%s: %s %s: %s" % (target, level, nid or key, n.get("message", {}).get("text", "")))

if notes:
    print("Sarif.Multitool: %d note(s), allowed: %s" % (
        sum(notes.values()), ", ".join("%s x%d" % kv for kv in sorted(notes.items()))))

# --- b. JSON schema ------------------------------------------------------------
import jsonschema
from jsonschema import Draft202012Validator

with open(schema_path, encoding="utf-8-sig") as f:
    schema = json.load(f)
if schema.get("$schema", "").rstrip("#") != "https://json-schema.org/draft/2020-12/schema":
    print("%s: error schema: unexpected $schema %r in %s" % (target, schema.get("$schema"), schema_path))
    sys.exit(1)
try:
    with open(target, encoding="utf-8-sig") as f:
        doc = json.load(f)
except ValueError as e:
    problems += 1
    print("%s: error JSON: %s" % (target, e))
    doc = None

def path_of(err):
    return "/" + "/".join(str(p) for p in err.absolute_path)

schema_errors = 0
if doc is not None:
    v = Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for err in sorted(v.iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path]):
        problems += 1
        schema_errors += 1
        detail = ""
        if err.context:  # anyOf/oneOf: name the closest alternative's failure
            best = jsonschema.exceptions.best_match(err.context)
            detail = " (%s: %s)" % (path_of(best), best.message)
        print("%s: error schema %s: %s%s" % (target, path_of(err), err.message, detail))
    if schema_errors and mt_results == 0:
        # Measured with 5.7.0: a log that does not deserialize (an unknown enum
        # value such as "level": "fatal") makes it skip every rule, silently.
        print("%s: note: Sarif.Multitool reported nothing because it cannot load a log with these "
              "schema errors (it skips all its rules); fix them and run again" % target)

# --- c. what both miss ----------------------------------------------------------
def walk(node, path):
    """Yields (json-pointer, dict) for every object in the tree."""
    if isinstance(node, dict):
        yield path, node
        for k, v in node.items():
            yield from walk(v, "%s/%s" % (path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, "%s/%d" % (path, i))

def check(rid, path, msg):
    global problems
    problems += 1
    print("%s: error %s %s: %s" % (target, rid, path, msg))

def is_obj(x):
    return isinstance(x, dict)

# Only on schema-valid input, where every type is known.
runs = doc.get("runs") if is_obj(doc) and schema_errors == 0 else None
for ri, run in enumerate(runs if isinstance(runs, list) else []):
    if not is_obj(run):
        continue
    rp = "/runs/%d" % ri
    driver = (run.get("tool") or {}).get("driver") or {}
    rules = driver.get("rules") or []
    notifs = driver.get("notifications") or []
    artifacts = run.get("artifacts") or []
    bases = run.get("originalUriBaseIds") or {}
    results = run.get("results") or []

    def ref_check(rid, path, ref, table, table_name):
        idx = ref.get("index")
        if not isinstance(idx, int) or idx < 0:
            return
        if idx >= len(table):
            check(rid, path, "index %d but %s has %d element(s)" % (idx, table_name, len(table)))
        elif ref.get("id") is not None and table[idx].get("id") != ref["id"]:
            check(rid, path, "id %r but %s[%d].id is %r" % (ref["id"], table_name, idx, table[idx].get("id")))

    for path, o in walk(run, rp):
        # Index-valued references: the validator checks some ranges, never ids.
        if re.search(r"/results/\d+$", path) and "ruleIndex" in o and "toolComponent" not in (o.get("rule") or {}):
            ref_check("extra/rule-index", path, {"index": o["ruleIndex"], "id": o.get("ruleId")}, rules, "tool.driver.rules")
        if re.search(r"/tool(Execution|Configuration)Notifications/\d+$", path):
            for key, table, name in (("descriptor", notifs, "tool.driver.notifications"),
                                     ("associatedRule", rules, "tool.driver.rules")):
                if is_obj(o.get(key)) and "toolComponent" not in o[key]:
                    ref_check("extra/descriptor-index", "%s/%s" % (path, key), o[key], table, name)
        for key, table, name in (("rule", rules, "tool.driver.rules"),
                                 ("notification", notifs, "tool.driver.notifications")):
            if re.search(r"/%sConfigurationOverrides/\d+$" % key, path) and is_obj(o.get("descriptor")) \
                    and "toolComponent" not in o["descriptor"]:
                ref_check("extra/descriptor-index", path + "/descriptor", o["descriptor"], table, name)
        al = o.get("artifactLocation") if is_obj(o.get("artifactLocation")) else None
        if al is not None and isinstance(al.get("index"), int) and 0 <= al["index"] < len(artifacts):
            loc = (artifacts[al["index"]] or {}).get("location") or {}
            for k in ("uri", "uriBaseId"):
                if k in al and al.get(k) != loc.get(k):
                    check("extra/artifact-index", path + "/artifactLocation",
                          "%s %r but artifacts[%d].location.%s is %r" % (k, al.get(k), al["index"], k, loc.get(k)))
        # uriBaseId must be defined, or no consumer can resolve the path.
        if isinstance(o.get("uriBaseId"), str) and not path.startswith(rp + "/originalUriBaseIds"):
            if o["uriBaseId"] not in bases:
                check("extra/uri-base-id", path, "uriBaseId %r is not defined in originalUriBaseIds" % o["uriBaseId"])

    # SARIF 3.27.23 / 3.27.24: all results or none carry these.
    for key in ("suppressions", "baselineState"):
        have = [i for i, r in enumerate(results) if is_obj(r) and r.get(key) is not None]
        if have and len(have) != len(results):
            missing = [i for i in range(len(results)) if i not in have]
            check("extra/all-or-none", rp + "/results",
                  "%s is on %d result(s) but missing on %s; SARIF requires all or none" % (key, len(have), missing[:10]))

    # GitHub code scanning (docs: sarif-support-for-code-scanning).
    for i, r in enumerate(results):
        if not is_obj(r):
            continue
        p = "%s/results/%d" % (rp, i)
        pf = r.get("partialFingerprints") or {}
        if not (isinstance(pf.get("primaryLocationLineHash"), str) and pf["primaryLocationLineHash"]):
            check("github/fingerprint", p, "partialFingerprints.primaryLocationLineHash missing or empty")
        locs = r.get("locations") or []
        if locs and is_obj(locs[0]):
            uri = ((locs[0].get("physicalLocation") or {}).get("artifactLocation") or {}).get("uri")
            if uri == "":
                check("github/empty", p + "/locations/0/physicalLocation/artifactLocation/uri", "empty string")
    for i, rule in enumerate(rules):
        if not is_obj(rule):
            continue
        p = "%s/tool/driver/rules/%d" % (rp, i)
        for k in ("shortDescription", "fullDescription"):
            t = (rule.get(k) or {}).get("text") or ""
            if len(t) > 1024:
                check("github/rule", "%s/%s/text" % (p, k), "%d characters; GitHub allows 1024" % len(t))
        if len(rule.get("name") or "") > 255:
            check("github/rule", p + "/name", "longer than 255 characters")
        props = rule.get("properties") or {}
        sev = props.get("security-severity")
        if sev is not None:
            try:
                ok = isinstance(sev, str) and 0.1 <= float(sev) <= 10.0
            except ValueError:
                ok = False
            if not ok:
                check("github/rule", p + "/properties/security-severity",
                      "%r: must be a string holding a number from 0.1 to 10" % (sev,))
        if "precision" in props and props["precision"] not in ("very-high", "high", "medium", "low"):
            check("github/rule", p + "/properties/precision", "%r: must be very-high, high, medium or low" % (props["precision"],))
        if "problem.severity" in props and props["problem.severity"] not in ("error", "warning", "recommendation"):
            check("github/rule", p + "/properties/problem.severity", "%r: must be error, warning or recommendation" % (props["problem.severity"],))
        tags = props.get("tags")
        if tags is not None and (not isinstance(tags, list) or len(tags) > 20 or not all(isinstance(t, str) for t in tags)):
            check("github/rule", p + "/properties/tags", "must be an array of at most 20 strings")

if problems:
    print("%s: %d problem(s)" % (target, problems))
    sys.exit(1)
print("%s: valid SARIF for GitHub (Sarif.Multitool: 0 errors, 0 warnings; JSON schema: ok; extra checks: ok)" % target)
EOF
