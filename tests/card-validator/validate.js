#!/usr/bin/env node
// Checks Adaptive Card templates with the official packages, for the .NET card tests.
//
// stdin:  [{ "name": "...", "template": {...}, "data": {...} | null, "bound": {...} }, ...]
// stdout: [{ "name": "...", "expanded": {...} | null, "expandError": "..." | null,
//            "issues": [{ "severity": "error" | "warning", "event": "...", "message": "..." }] }, ...]
//
// (a) "expanded" is `template` bound to `data` by adaptivecards-templating (the official engine), so the
//     C# binder can be compared with it.
// (b) "issues" are what the official parser (adaptivecards) reports for `bound`, read as schema 1.5,
//     strictly: every parse event (unknown element or action types, properties newer than 1.5, bad values,
//     a card version above 1.5) plus every property the parser does not know at all (a typo the parser
//     would silently drop).
"use strict";

const ACData = require("adaptivecards-templating");
// The package's "main" (lib/) is untranspiled ES modules that Node cannot load; the UMD bundle is the
// same code, built, and needs no DOM to parse.
const AC = require("adaptivecards/dist/adaptivecards.js");

const TARGET_VERSION = AC.Versions.v1_5;

// Keys some element classes read in their own parse code rather than through their property schema.
const PARSED_OUTSIDE_SCHEMA = {
  "AdaptiveCard": ["body", "actions"],
  "Container": ["items"],
  "Column": ["items"],
  "ColumnSet": ["columns"],
  "ActionSet": ["actions"],
  "RichTextBlock": ["inlines"],
  "FactSet": ["facts"],
  "Input.ChoiceSet": ["choices"],
  "Table": ["rows"],
  "TableRow": ["cells"],
  "TableCell": ["items"],
  "Action.ShowCard": ["card"],
};
// Teams' own chart elements (not in the Adaptive Cards schema): the parser renders their fallback, so each
// must have one; the chart's own properties are checked here against Teams' documented chart schema.
const HOST_CHARTS = {
  "Chart.Line": { props: ["title", "colorSet", "data", "xAxisTitle", "yAxisTitle", "color", "max", "min"], data: ["legend", "values", "color"], values: ["x", "y"] },
  "Chart.VerticalBar": { props: ["title", "colorSet", "data", "xAxisTitle", "yAxisTitle", "color", "showBarValues"], data: ["x", "y", "color"] },
};
const ELEMENT_COMMON = ["type", "id", "isVisible", "separator", "spacing", "height", "horizontalAlignment", "requires", "fallback", "lang", "targetWidth", "grid.area"];

function hostChartIssues(node, issues) {
  if (Array.isArray(node)) { node.forEach((n) => hostChartIssues(n, issues)); return; }
  if (!node || typeof node !== "object") return;
  const spec = HOST_CHARTS[node.type];
  if (spec) {
    const unknown = (obj, known, what) => Object.keys(obj).filter((k) => !known.includes(k))
      .forEach((k) => issues.push({ severity: "error", event: "UnknownProperty", message: `${what} has a property Teams' chart schema does not know: "${k}"` }));
    if (!node.fallback || typeof node.fallback !== "object") {
      issues.push({ severity: "error", event: "ChartWithoutFallback", message: `${node.type} needs a fallback element for hosts without charts` });
    }
    unknown(node, ELEMENT_COMMON.concat(spec.props), node.type);
    if (!Array.isArray(node.data)) {
      issues.push({ severity: "error", event: "InvalidPropertyValue", message: `${node.type}.data must be an array` });
    } else {
      for (const item of node.data) {
        unknown(item, spec.data, `${node.type}.data[]`);
        if (spec.values) {
          (item.values || []).forEach((v) => {
            unknown(v, spec.values, `${node.type}.data[].values[]`);
            if (typeof v.y !== "number") issues.push({ severity: "error", event: "InvalidPropertyValue", message: `${node.type} values need a number y` });
          });
        } else if (typeof item.y !== "number") {
          issues.push({ severity: "error", event: "InvalidPropertyValue", message: `${node.type}.data[] needs a number y` });
        }
      }
    }
    hostChartIssues(node.fallback, issues);
    return;
  }
  Object.values(node).forEach((v) => hostChartIssues(v, issues));
}

// "fallback" is read by every element and action class itself.
const ALWAYS_KNOWN = ["type", "$schema", "fallback"];

// Remembers each parsed object with the JSON it came from, to find properties nobody read.
const parsed = [];
const originalInternalParse = AC.SerializableObject.prototype.internalParse;
AC.SerializableObject.prototype.internalParse = function (source, context) {
  if (source && typeof source === "object" && !Array.isArray(source)) {
    parsed.push({ object: this, source });
  }
  return originalInternalParse.call(this, source, context);
};

function unknownProperties() {
  const issues = [];
  const seen = new Set();
  for (const { object, source } of parsed) {
    if (seen.has(source)) continue; // a subclass and its base both reach internalParse with the same source
    seen.add(source);
    const schema = object.getSchema();
    const known = new Set(ALWAYS_KNOWN);
    for (let i = 0; i < schema.getCount(); i++) known.add(schema.getItemAt(i).name);
    const typeName = (typeof object.getJsonTypeName === "function" && object.getJsonTypeName()) || object.constructor.name;
    for (const key of PARSED_OUTSIDE_SCHEMA[typeName] || []) known.add(key);
    for (const key of Object.keys(source)) {
      if (!known.has(key)) {
        issues.push({
          severity: "error",
          event: "UnknownProperty",
          message: `${typeName || "object"} has a property the Adaptive Cards ${TARGET_VERSION} parser does not know: "${key}"`,
        });
      }
    }
  }
  return issues;
}

function validate(bound) {
  parsed.length = 0;
  const context = new AC.SerializationContext(TARGET_VERSION);
  const card = new AC.AdaptiveCard();
  card.parse(bound, context);
  const issues = [];
  hostChartIssues(bound, issues);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    // A Teams chart with a fallback: the parser reads the fallback (checked like any element), as other hosts do.
    if (e.event === AC.ValidationEvent.UnknownElementType && Object.keys(HOST_CHARTS).some((t) => e.message.includes(`"${t}"`))) {
      continue;
    }
    issues.push({
      severity: e.phase === AC.ValidationPhase.Parse || e.event !== AC.ValidationEvent.Hint ? "error" : "warning",
      event: AC.ValidationEvent[e.event],
      message: e.message,
    });
  }
  // Semantic checks (duplicate ids, empty collections, inputs without labels and the like).
  const results = card.validateProperties();
  for (const e of results.validationEvents) {
    issues.push({
      severity: e.event === AC.ValidationEvent.Hint ? "warning" : "error",
      event: AC.ValidationEvent[e.event],
      message: e.message,
    });
  }
  return issues.concat(versionIssues(bound), unknownProperties());
}

// The parser accepts any version it knows (up to 1.6); Teams renders 1.5, so anything else is an error here.
function versionIssues(bound) {
  const version = bound && bound.version;
  const parsedVersion = typeof version === "string" ? AC.Version.parse(version, new AC.SerializationContext(TARGET_VERSION)) : undefined;
  if (!parsedVersion || !parsedVersion.isValid) {
    return [{ severity: "error", event: "InvalidCardVersion", message: `card version ${JSON.stringify(version)} is not a version like "1.5"` }];
  }
  if (parsedVersion.compareTo(TARGET_VERSION) > 0) {
    return [{ severity: "error", event: "UnsupportedCardVersion", message: `card version ${version} is newer than ${TARGET_VERSION}` }];
  }
  return [];
}

function expand(template, data) {
  const expanded = new ACData.Template(template).expand({ $root: data === undefined ? null : data });
  return expanded === undefined ? null : expanded;
}

function main(input) {
  const requests = JSON.parse(input);
  const results = requests.map((request) => {
    const result = { name: request.name, expanded: null, expandError: null, issues: [] };
    try {
      result.expanded = expand(request.template, request.data);
    } catch (err) {
      result.expandError = String(err && err.message ? err.message : err);
    }
    try {
      result.issues = validate(request.bound);
    } catch (err) {
      result.issues = [{ severity: "error", event: "ParserFailure", message: String(err && err.stack ? err.stack : err) }];
    }
    return result;
  });
  process.stdout.write(JSON.stringify(results));
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  try {
    main(input);
  } catch (err) {
    process.stderr.write(`validate.js: ${err && err.stack ? err.stack : err}\n`);
    process.exit(2);
  }
});
