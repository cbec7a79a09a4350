// Validates Kubernetes manifests offline against the Kubernetes OpenAPI schemas shipped in the
// npm package kubernetes-models (required fields, types, enums; unknown fields are not caught).
// Usage: node k8s-validate.mjs FILE.yaml...   (NODE_PATH or a node_modules with kubernetes-models
// and js-yaml). Prints one line per object and exits 1 when any is invalid.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";

const modules = process.env.K8S_VALIDATE_MODULES;
const require = createRequire(path.join(modules, "noop.js"));
const yaml = require("js-yaml");

let valid = 0;
let invalid = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of yaml.loadAll(readFileSync(file, "utf8"))) {
    if (!doc) continue;
    const name = `${file}: ${doc.kind}/${doc.metadata?.name}`;
    if (String(doc.apiVersion).startsWith("kustomize.config.k8s.io/")) continue;
    const slash = String(doc.apiVersion).indexOf("/");
    const group = slash < 0 ? "" : doc.apiVersion.slice(0, slash);
    const version = slash < 0 ? doc.apiVersion : doc.apiVersion.slice(slash + 1);
    const entry = path.join(modules, "kubernetes-models", group, version, "index.js");
    let Model;
    try {
      Model = (await import(entry))[doc.kind];
    } catch (e) {
      Model = undefined;
    }
    if (!Model) {
      console.log(`INVALID ${name}: no model for ${doc.apiVersion} ${doc.kind}`);
      invalid++;
      continue;
    }
    try {
      new Model(doc).validate();
      console.log(`ok ${name}`);
      valid++;
    } catch (e) {
      console.log(`INVALID ${name}: ${e.message}`);
      invalid++;
    }
  }
}
console.log(`${valid} valid, ${invalid} invalid`);
process.exit(invalid ? 1 : 0);
