#include "functions/node_bootstrap.h"

namespace eddy::functions {

// Behaviour follows Lambda's Node.js runtime (the nodejs runtime interface
// client): console methods patched to "<time>\t<request id>\t<LEVEL>\t<text>"
// (request id "undefined" during init, as Lambda prints it), handler lookup
// (file as named, .js, .mjs, .cjs, then Node's resolution), error payloads
// {errorType, errorMessage, trace} and the "Invoke Error" / "Uncaught
// Exception" / "Unhandled Promise Rejection" log lines, callbacks answered
// once the event loop is empty unless callbackWaitsForEmptyEventLoop is false,
// exit codes 129 / 128 after an uncaught exception / unhandled rejection.
// The formats were learnt from Lambda's documentation and the runtime
// client's public source; no code of it is copied.
std::string_view NodeBootstrapScript() {
  static constexpr std::string_view kScript = R"JS(
'use strict';
const fs = require('fs');
const path = require('path');
const util = require('util');
const { pathToFileURL } = require('url');
const { createRequire } = require('module');

const REQUESTS = 3;
const MESSAGES = 4;
const runtimeDir = process.env.LAMBDA_RUNTIME_DIR || '/var/runtime';
// Module lookups start where Lambda's runtime lives, so a missing module is
// reported with Lambda's own require stack.
const runtimeRequire = createRequire(path.join(runtimeDir, 'index.mjs'));
const functionArn = process.env._EDDY_FUNCTION_ARN;
delete process.env._EDDY_FUNCTION_ARN;
const nodeMajor = Number((/^AWS_Lambda_nodejs(\d+)/.exec(process.env.AWS_EXECUTION_ENV || '') || [])[1] || 0);
let currentRequestId;  // undefined outside invocations, printed so as Lambda does during init

function send(message) {
  const data = Buffer.from(JSON.stringify(message) + '\n', 'utf8');
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += fs.writeSync(MESSAGES, data, offset);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
    }
  }
}

// console.* as Lambda's Node runtime patches them: one log event per call,
// "<ISO time>\t<request id>\t<LEVEL>\t<util.format(...)>".
function logger(level) {
  return (message, ...params) => {
    const text = util.format(message, ...params);
    send({ t: 'log', m: `${new Date().toISOString()}\t${currentRequestId}\t${level}\t${text}\n` });
  };
}
console.log = logger('INFO');
console.info = logger('INFO');
console.debug = logger('DEBUG');
console.warn = logger('WARN');
console.error = logger('ERROR');
console.trace = logger('TRACE');
console.fatal = logger('FATAL');

// Errors named as Lambda's runtime names them ("Runtime.HandlerNotFound"):
// the name sits on a class's prototype, so it is no own property of the
// error and stays out of the logged JSON, as in Lambda's logs.
const errorClasses = new Map();
function namedError(name, message) {
  if (!errorClasses.has(name)) {
    const ErrorClass = class extends Error {};
    Object.defineProperty(ErrorClass.prototype, 'name', { value: name, writable: true, configurable: true });
    errorClasses.set(name, ErrorClass);
  }
  const error = new (errorClasses.get(name))(message);
  Error.captureStackTrace(error, namedError);
  return error;
}

// The payload Lambda returns for an error: {errorType, errorMessage, trace}.
function toRapidResponse(error) {
  try {
    if (util.types.isNativeError(error) || error instanceof Error) {
      return {
        errorType: error.name,
        errorMessage: error.message,
        trace: typeof error.stack === 'string' ? error.stack.split('\n') : [],
      };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch (e) {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

// The error as the runtime logs it: "\t" then JSON with its enumerable
// properties and the stack as an array of lines.
function toFormatted(error) {
  const withProperties = (key, value) => {
    if (!(value instanceof Error)) return value;
    const out = Object.assign({ errorType: value.name, errorMessage: value.message, code: value.code }, value);
    if (typeof value.stack === 'string') out.stack = value.stack.split('\n');
    return out;
  };
  try {
    return '\t' + JSON.stringify(error, withProperties);
  } catch (e) {
    return '\t' + JSON.stringify(toRapidResponse(error));
  }
}

function isFile(file) {
  try {
    return fs.statSync(file).isFile();
  } catch (e) {
    return false;
  }
}

// Whether the package.json nearest to `file` says "type": "module".
function inModulePackage(file) {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (isFile(manifest)) {
      try {
        return JSON.parse(fs.readFileSync(manifest, 'utf8')).type === 'module';
      } catch (e) {
        return false;
      }
    }
    if (path.dirname(dir) === dir) return false;
  }
}

// Lambda's lookup order: the file as named, then .js (CommonJS unless its
// package is "type": "module"), .mjs (an ES module), .cjs, then Node's own
// resolution from the task root (a package in node_modules).
async function loadModule(appRoot, moduleRoot, moduleName) {
  const base = path.resolve(appRoot, moduleRoot, moduleName);
  if (isFile(base)) return runtimeRequire(base);
  const esm = inModulePackage(base);
  if (isFile(base + '.js')) return esm ? import(pathToFileURL(base + '.js').href) : runtimeRequire(base + '.js');
  if (isFile(base + '.mjs')) return import(pathToFileURL(base + '.mjs').href);
  if (isFile(base + '.cjs')) return runtimeRequire(base + '.cjs');
  return runtimeRequire(runtimeRequire.resolve(moduleName, { paths: [appRoot, path.join(appRoot, moduleRoot)] }));
}

async function loadHandler(appRoot, fullHandler) {
  if (fullHandler.includes('..')) {
    throw namedError('Runtime.MalformedHandlerName', `'${fullHandler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`);
  }
  const base = path.basename(fullHandler);
  const moduleRoot = fullHandler.substring(0, fullHandler.indexOf(base));
  const match = base.match(/^([^.]*)\.(.*)$/);
  if (!match) throw namedError('Runtime.MalformedHandlerName', 'Bad handler');
  let app;
  try {
    app = await loadModule(appRoot, moduleRoot, match[1]);
  } catch (e) {
    if (e instanceof SyntaxError) {
      const error = namedError('Runtime.UserCodeSyntaxError', String(e));
      error.stack = e.stack;
      throw error;
    }
    if (e && e.code === 'MODULE_NOT_FOUND') throw namedError('Runtime.ImportModuleError', String(e));
    throw e;
  }
  const handler = match[2].split('.').reduce((object, key) => object && object[key], app);
  if (!handler) throw namedError('Runtime.HandlerNotFound', `${fullHandler} is undefined or not exported`);
  if (typeof handler !== 'function') throw namedError('Runtime.HandlerNotFound', `${fullHandler} is not a function`);
  if (nodeMajor >= 24 && handler.length >= 3) {
    throw namedError('Runtime.CallbackHandlerDeprecated', 'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.');
  }
  return handler;
}

// Reads one request line from eddy, blocking: between invocations the event
// loop stands still, as a frozen Lambda execution environment does, and an
// empty loop during an invocation still emits 'beforeExit'.
let buffered = [];
function readRequest() {
  const chunk = Buffer.allocUnsafe(65536);
  for (;;) {
    let n;
    try {
      n = fs.readSync(REQUESTS, chunk, 0, chunk.length, null);
    } catch (e) {
      if (e.code === 'EAGAIN' || e.code === 'EINTR') continue;
      throw e;
    }
    if (n === 0) process.exit(0);  // eddy closed the channel
    const newline = chunk.subarray(0, n).indexOf(10);
    if (newline < 0) {
      buffered.push(Buffer.from(chunk.subarray(0, n)));
      continue;
    }
    const line = Buffer.concat([...buffered, chunk.subarray(0, newline)]);
    buffered = newline + 1 < n ? [Buffer.from(chunk.subarray(newline + 1, n))] : [];
    return JSON.parse(line.toString('utf8'));
  }
}

let handler;
let invocation = null;  // the running one: {done, fail}
let beforeExitListener = null;
process.on('beforeExit', () => {
  const listener = beforeExitListener;
  beforeExitListener = null;
  if (listener) listener();
});

function fatal(label, error, exitCode) {
  console.error(label, toFormatted(error));
  const rapid = toRapidResponse(error);
  const message = { type: rapid.errorType, message: rapid.errorMessage, payload: JSON.stringify(rapid) };
  if (!handler) send({ t: 'init_error', ...message });
  else if (invocation && !invocation.reported) send({ t: 'error', fatal: true, ...message });
  process.exit(exitCode);
}
process.on('uncaughtException', (error) => fatal('Uncaught Exception', error, 129));
process.on('unhandledRejection', (reason, promise) => {
  const error = namedError('Runtime.UnhandledPromiseRejection', reason && reason.toString());
  error.reason = reason;
  error.promise = promise;
  fatal('Unhandled Promise Rejection', error, 128);
});

function scheduleNext() {
  setImmediate(invokeNext);
}

function invokeNext() {
  const request = readRequest();
  currentRequestId = request.id;
  const deadline = Date.now() + request.remaining_ms;
  const state = { reported: false };
  invocation = state;
  const report = (message) => {
    if (state.reported) {
      console.error('Invocation has already been reported as done. Cannot call complete more than once per invocation.');
      return;
    }
    state.reported = true;
    send(message);
    scheduleNext();
  };
  const fail = (error) => {
    if (state.reported) return report(null);
    console.error('Invoke Error', toFormatted(error));
    const rapid = toRapidResponse(error);
    report({ t: 'error', type: rapid.errorType, message: rapid.errorMessage, payload: JSON.stringify(rapid) });
  };
  const succeed = (result) => {
    let payload;
    try {
      payload = JSON.stringify(result === undefined ? null : result);
    } catch (e) {
      return fail(namedError('Runtime.JSONStringifyError', 'Unable to stringify response body'));
    }
    report({ t: 'result', payload: payload === undefined ? 'null' : payload });
  };
  const done = (error, result) => {
    beforeExitListener = null;
    if (error !== undefined && error !== null) fail(error);
    else succeed(result);
  };
  let waitForEmptyEventLoop = true;
  let finished = false;
  const once = (fn) => (...args) => {
    if (finished) return;
    finished = true;
    fn(...args);
  };
  const callback = once((error, result) => {
    beforeExitListener = null;
    if (error !== undefined && error !== null) return fail(error);
    if (!waitForEmptyEventLoop) return succeed(result);
    // Lambda answers once the event loop is empty, unless told not to wait.
    beforeExitListener = () => setImmediate(() => succeed(result));
  });
  const context = {
    get callbackWaitsForEmptyEventLoop() {
      return waitForEmptyEventLoop;
    },
    set callbackWaitsForEmptyEventLoop(value) {
      waitForEmptyEventLoop = value;
    },
    succeed: once((result) => done(null, result)),
    fail: once((error) => done(error === undefined || error === null ? 'handled' : error)),
    done: once(done),
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: undefined,
    identity: undefined,
    invokedFunctionArn: functionArn,
    awsRequestId: request.id,
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
  // A handler that neither returns a promise nor calls back answers null
  // once its work is done (the event loop is empty).
  beforeExitListener = () => succeed(null);
  try {
    const result = handler(request.event, context, callback);
    if (result && typeof result.then === 'function') {
      result.then(context.succeed, context.fail);
    }
  } catch (error) {
    callback(error);
  }
}

(async () => {
  try {
    handler = await loadHandler(process.env.LAMBDA_TASK_ROOT, process.env._HANDLER || '');
  } catch (error) {
    return fatal('Uncaught Exception', error, 129);
  }
  send({ t: 'ready' });
  scheduleNext();
})();
)JS";
  return kScript;
}

}  // namespace eddy::functions
