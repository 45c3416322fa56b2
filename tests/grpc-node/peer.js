// A third-party gRPC peer (grpc-js) for Kite's tests. Usage:
//   node peer.js sub <address> <count> [pause]   subscribe with falco.outputs.service/sub
//   node peer.js get <address> [keepalive]       falco.outputs.service/get
//   node peer.js bad <address>                   malformed and unknown calls
//   node peer.js ingest <address> <batches> <alertsPerBatch> [malformed]
//   node peer.js serve <address>                 serve kite.test.Echo until stdin closes
// Every event is one JSON line on stdout; the C# test reads them.
'use strict';
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const protos = path.resolve(__dirname, '../../agent/Kite.Protocol/Protos');
const loaderOptions = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true, includeDirs: [protos, __dirname] };
const load = (file) => grpc.loadPackageDefinition(protoLoader.loadSync(file, loaderOptions));

const emit = (event) => process.stdout.write(JSON.stringify(event) + '\n');
const statusOf = (err) => ({ event: 'status', code: err ? err.code : 0, details: err ? err.details : '' });
const target = (address) => address;

function falcoClient(address) {
  const falco = load('falco/outputs.proto');
  return new falco.falco.outputs.service(target(address), grpc.credentials.createInsecure());
}

function alertEvent(r) {
  return { event: 'alert', rule: r.rule, priority: r.priority, source: r.source, output: r.output, hostname: r.hostname,
    tags: r.tags, output_fields: r.output_fields, seconds: r.time ? r.time.seconds : null, nanos: r.time ? r.time.nanos : null };
}

function sub(address, count, pause) {
  const client = falcoClient(address);
  const call = client.sub();
  let received = 0;
  call.on('metadata', () => emit({ event: 'headers' }));
  call.on('data', (r) => {
    received++;
    emit(alertEvent(r));
    if (received === count) call.end();
  });
  call.on('error', (err) => { emit(statusOf(err)); process.exit(0); });
  call.on('end', () => { emit({ event: 'status', code: 0, received }); process.exit(0); });
  call.write({ keepalive: true });
  emit({ event: 'subscribed' });
  if (pause) {
    // Stop reading: HTTP/2 flow control then stalls the server's writes to this stream.
    call.pause();
    emit({ event: 'paused' });
  }
}

function get(address, keepalive) {
  const client = falcoClient(address);
  const call = client.get({ keepalive });
  call.on('data', (r) => emit(alertEvent(r)));
  call.on('error', (err) => { emit(statusOf(err)); process.exit(0); });
  call.on('end', () => { emit({ event: 'status', code: 0 }); process.exit(0); });
}

function bad(address) {
  const client = new grpc.Client(target(address), grpc.credentials.createInsecure());
  const raw = (buf) => buf;
  // A request whose bytes are not protobuf: field 1 declared as a 100-byte string with 2 bytes present.
  const garbage = Buffer.from([0x0a, 0x64, 0x01, 0x02]);
  client.makeUnaryRequest('/falco.outputs.service/get', raw, raw, garbage, (err) => {
    emit({ event: 'malformed', code: err ? err.code : 0, details: err ? err.details : '' });
    client.makeUnaryRequest('/falco.outputs.service/nope', raw, raw, Buffer.alloc(0), (err2) => {
      emit({ event: 'unknown', code: err2 ? err2.code : 0, details: err2 ? err2.details : '' });
      process.exit(0);
    });
  });
}

function ingest(address, batches, perBatch, malformed) {
  const kite = load('kite/v1/kite.proto');
  const client = new kite.kite.v1.AlertIngest(target(address), grpc.credentials.createInsecure());
  const call = client.Push();
  call.on('data', (ack) => emit({ event: 'ack', batch_id: ack.batch_id, accepted: ack.accepted, rejected: ack.rejected }));
  call.on('error', (err) => { emit(statusOf(err)); process.exit(0); });
  call.on('end', () => { emit({ event: 'status', code: 0 }); process.exit(0); });
  for (let b = 1; b <= batches; b++) {
    const alerts = [];
    for (let i = 0; i < perBatch; i++) {
      alerts.push({
        time: { seconds: 1700000000 + b, nanos: i },
        priority: malformed && i === 0 ? 'PRIORITY_UNSPECIFIED' : 'PRIORITY_WARNING',
        rule: `node rule ${b}.${i}`,
        output: `from grpc-js batch ${b} alert ${i}`,
        source: 'syscall',
        hostname: 'node-host',
        tags: ['node', 'test'],
        output_fields: [{ name: 'proc.pid', int64_value: String(1000 + i) }, { name: 'proc.name', string_value: 'node' }, { name: 'fd.name' }],
      });
    }
    call.write({ batch_id: String(b), alerts });
  }
  call.end();
}

function serve(address) {
  const test = load('test.proto');
  const server = new grpc.Server();
  server.addService(test.kite.test.Echo.service, {
    Echo: (call, cb) => cb(null, { value: 'node echo: ' + call.request.value }),
    Metadata: (call, cb) => cb(null, { value: String(call.metadata.get(call.request.value)[0] || '') }),
    Fail: (call, cb) => cb({ code: grpc.status.FAILED_PRECONDITION, details: 'node says no: ' + call.request.value }),
    Slow: (call, cb) => { const t = setTimeout(() => cb(null, call.request), 30000); call.on('cancelled', () => { clearTimeout(t); emit({ event: 'slow-cancelled' }); }); },
    Count: (call) => { for (let i = 1; i <= call.request.value; i++) call.write({ value: i }); call.end(); },
    Sum: (call, cb) => { let s = 0; call.on('data', (v) => { s += v.value; }); call.on('end', () => cb(null, { value: s })); },
  });
  server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) { emit({ event: 'error', message: err.message }); process.exit(1); }
    emit({ event: 'listening', port });
  });
  process.stdin.on('end', () => server.tryShutdown(() => process.exit(0)));
  process.stdin.resume();
}

const [mode, address, ...rest] = process.argv.slice(2);
switch (mode) {
  case 'sub': sub(address, Number(rest[0]), rest[1] === 'pause'); break;
  case 'get': get(address, rest[0] === 'keepalive'); break;
  case 'bad': bad(address); break;
  case 'ingest': ingest(address, Number(rest[0]), Number(rest[1]), rest[2] === 'malformed'); break;
  case 'serve': serve(address); break;
  default: emit({ event: 'error', message: 'unknown mode ' + mode }); process.exit(2);
}
