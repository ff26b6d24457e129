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
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
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
