// The integration guide's snippets with this database's ID filled in. The API key is not known
// here (it is shown once, on the API Keys page), so snippets refer to it as a secret.
import { h, copyButton } from '../dom.js';

export function integrate(db) {
  const origin = location.origin;
  const id = db.id;
  const snippets = [
    ['docker-compose service', `services:
  vetro-proxy:
    image: vetro:latest
    command: ["proxy"]
    environment:
      VETRO_API_URL: ${origin}
      VETRO_API_KEY: \${VETRO_API_KEY}        # from Dashboard → API Keys
      VETRO_DATABASE_ID: ${id}
      UPSTREAM_PG_HOST: db
      UPSTREAM_PG_PORT: "5432"
      PROXY_PG_LISTEN_PORT: "5433"
    ports: ["5433:5433"]`],
    ['Environment variables (bin/vetro proxy)', `export VETRO_API_URL=${origin}
export VETRO_API_KEY=vtro_...            # from Dashboard → API Keys
export VETRO_DATABASE_ID=${id}
export UPSTREAM_PG_HOST=localhost UPSTREAM_PG_PORT=5432
bin/vetro proxy`],
    ['Point your application at the proxy (DATABASE_URL)', `# before: postgres://app:secret@db:5432/app
DATABASE_URL=postgres://app:secret@vetro-proxy:5433/app`],
    ['GitHub Actions: check migrations before they merge', `- name: Vetro SQL check
  env:
    VETRO_API_KEY: \${{ secrets.VETRO_API_KEY }}
  run: |
    for f in migrations/*.sql; do
      jq -n --rawfile q "$f" '{query: $q, database_id: "${id}"}' |
        curl -sf -H "Authorization: Bearer $VETRO_API_KEY" -H 'Content-Type: application/json' \\
          -d @- ${origin}/api/v1/proxy/query | tee /dev/stderr |
        jq -e '.decision != "BLOCKED"' > /dev/null || { echo "blocked: $f"; exit 1; }
    done`],
    ['GitLab CI', `vetro-check:
  image: debian:bookworm-slim
  script:
    - apt-get update -q && apt-get install -y -q curl jq
    - |
      for f in migrations/*.sql; do
        jq -n --rawfile q "$f" '{query: $q, database_id: "${id}"}' |
          curl -sf -H "Authorization: Bearer $VETRO_API_KEY" -H 'Content-Type: application/json' \\
            -d @- ${origin}/api/v1/proxy/query |
          jq -e '.decision != "BLOCKED"' > /dev/null || { echo "blocked: $f"; exit 1; }
      done`],
    ['Node.js (evaluate before running)', `const res = await fetch('${origin}/api/v1/proxy/query', {
  method: 'POST',
  headers: { Authorization: \`Bearer \${process.env.VETRO_API_KEY}\`, 'Content-Type': 'application/json' },
  body: JSON.stringify({ query: sql, database_id: '${id}' }),
});
const decision = await res.json();
if (decision.decision === 'BLOCKED') throw new Error(\`\${decision.rule_code}: \${decision.message}\`);`],
    ['Python', `import json, os, urllib.request

req = urllib.request.Request(
    "${origin}/api/v1/proxy/query",
    data=json.dumps({"query": sql, "database_id": "${id}"}).encode(),
    headers={"Authorization": "Bearer " + os.environ["VETRO_API_KEY"], "Content-Type": "application/json"},
)
decision = json.load(urllib.request.urlopen(req))
if decision["decision"] == "BLOCKED":
    raise RuntimeError(decision["rule_code"] + ": " + decision["message"])`],
  ];
  return h('div', { class: 'snippets' }, snippets.map(([title, code]) =>
    h('details', { class: 'snippet' },
      h('summary', {}, title),
      h('div', { class: 'snippet-body' }, copyButton(code), h('pre', {}, h('code', {}, code))))));
}
