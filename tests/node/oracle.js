// Official references the .NET tests consult, one JSON request per stdin line, one JSON answer per stdout line:
//   {"id", "kind": "describe", "model"}                         -> the service model's protocol facts and operation names
//   {"id", "kind": "validate", "model", "operation", "params"}  -> the AWS SDK v2 ParamValidator's errors ([] when valid)
//   {"id", "kind": "sign", "request", "credentials", "region", "service", "signedAt", "signedHeaders"}
//                                                              -> the Authorization header of @smithy/signature-v4
'use strict';
const readline = require('readline');
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';
const AWS = require('aws-sdk');
const { SignatureV4 } = require('@smithy/signature-v4');
const { Sha256 } = require('@aws-crypto/sha256-js');

const apis = new Map();
function api(model) {
  if (!/^[a-z0-9-]+$/.test(model)) throw new Error(`bad model name ${model}`);
  if (!apis.has(model)) apis.set(model, new AWS.Model.Api(require(`aws-sdk/apis/${model}.min.json`)));
  return apis.get(model);
}

function operation(model, name) {
  const a = api(model);
  const op = Object.values(a.operations).find(o => o.name === name);
  if (!op) throw new Error(`${model} has no operation ${name}`);
  return op;
}

function describe(msg) {
  const a = api(msg.model);
  const ops = {};
  for (const o of Object.values(a.operations)) ops[o.name] = { method: o.httpMethod, path: o.httpPath };
  return { protocol: a.protocol, jsonVersion: a.jsonVersion, targetPrefix: a.targetPrefix,
    signingName: a.signingName || a.endpointPrefix, endpointPrefix: a.endpointPrefix, operations: ops };
}

function validate(msg) {
  try {
    new AWS.ParamValidator(true).validate(operation(msg.model, msg.operation).input, msg.params);
    return { errors: [] };
  } catch (e) {
    return { errors: e.errors ? e.errors.map(x => x.message) : [e.message] };
  }
}

async function sign(msg) {
  const url = new URL(msg.request.url);
  const wanted = new Set(msg.signedHeaders.map(h => h.toLowerCase()));
  const headers = {};
  for (const [k, v] of Object.entries(msg.request.headers)) if (wanted.has(k.toLowerCase())) headers[k.toLowerCase()] = v;
  headers.host = url.host;
  const query = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  const signer = new SignatureV4({ credentials: msg.credentials, region: msg.region, service: msg.service, sha256: Sha256 });
  const signed = await signer.sign(
    { method: msg.request.method, protocol: url.protocol, hostname: url.hostname, port: url.port ? Number(url.port) : undefined,
      path: url.pathname, query, headers, body: Buffer.from(msg.request.bodyBase64 || '', 'base64') },
    { signingDate: new Date(msg.signedAt) });
  return { authorization: signed.headers.authorization };
}

const handlers = { describe, validate, sign };
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', async line => {
  let msg;
  try {
    msg = JSON.parse(line);
    const handler = handlers[msg.kind];
    if (!handler) throw new Error(`unknown kind ${msg.kind}`);
    const result = await handler(msg);
    process.stdout.write(JSON.stringify({ id: msg.id, ...result }) + '\n');
  } catch (e) {
    process.stdout.write(JSON.stringify({ id: msg && msg.id, failure: String(e && e.stack || e) }) + '\n');
  }
});
