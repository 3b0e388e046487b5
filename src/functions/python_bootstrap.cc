#include "functions/python_bootstrap.h"

namespace eddy::functions {

// Error shapes, messages and the log format follow awslambdaric (the Python
// runtime interface client Lambda runs): "[ERROR] <type>: <message>" then
// "Traceback (most recent call last):" and the frames, indented with
// NO-BREAK SPACEs as the current runtime does; the root handler's format is
// "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n"
// in UTC, the root level Python's default (WARNING) unless AWS_LAMBDA_LOG_LEVEL.
std::string_view PythonBootstrapScript() {
  static constexpr std::string_view kScript = R"PY(
import decimal, json, logging, os, sys, threading, time, traceback

_requests = os.fdopen(3, "rb")
_messages = 4
os.set_inheritable(3, False)
os.set_inheritable(4, False)
_send_lock = threading.Lock()
_request_id = None


def _flush_output():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def _send(message):
    data = (json.dumps(message) + "\n").encode("utf-8")
    with _send_lock:
        _flush_output()
        view = memoryview(data)
        while view:
            view = view[os.write(_messages, view):]


class _Fault(Exception):
    def __init__(self, error_type, msg, trace=None):
        self.error_type, self.msg, self.trace = error_type, msg, trace


def _make_error(message, error_type, stack_trace, request_id=""):
    # The payload Lambda's Python runtime returns; requestId is "" at init.
    return {"errorMessage": message or "", "errorType": error_type or "", "requestId": request_id or "",
            "stackTrace": stack_trace or []}


def _fault_result(exc, request_id=""):
    frames = traceback.extract_tb(exc.__traceback__)
    # Drop the bootstrap's own frames, as Lambda drops bootstrap.py's.
    while frames and frames[0].filename == "<string>":
        frames = frames[1:]
    return _make_error(str(exc), type(exc).__name__, traceback.format_list(frames), request_id)


def _log_error(error):
    description = "[ERROR]"
    if error["errorType"]:
        description += " " + error["errorType"]
    if error["errorMessage"]:
        if error["errorType"]:
            description += ":"
        description += " " + error["errorMessage"]
    lines = [description, "Traceback (most recent call last):"]
    for element in error["stackTrace"]:
        if element == "":
            lines.append("")
            continue
        for line in element.splitlines():
            stripped = line.lstrip(" ")
            lines.append("\u00a0" * (len(line) - len(stripped)) + stripped)
    _send({"t": "log", "m": "\n".join(lines)})


class _LambdaLoggerHandler(logging.Handler):
    def emit(self, record):
        try:
            _send({"t": "log", "m": self.format(record)})
        except Exception:
            self.handleError(record)


class _LambdaLoggerFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _request_id or ""
        return True


def _setup_logging():
    logging.Formatter.converter = time.gmtime
    handler = _LambdaLoggerHandler()
    handler.setFormatter(logging.Formatter(
        "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", "%Y-%m-%dT%H:%M:%S"))
    handler.addFilter(_LambdaLoggerFilter())
    root = logging.getLogger()
    level = os.environ.get("AWS_LAMBDA_LOG_LEVEL")
    level = {None: "", "TRACE": "DEBUG"}.get(level, level).upper()
    if level in logging._nameToLevel:
        root.setLevel(level)
    root.addHandler(handler)


def _get_handler(handler):
    try:
        modname, fname = handler.rsplit(".", 1)
    except ValueError as e:
        raise _Fault("Runtime.MalformedHandlerName", "Bad handler '{}': {}".format(handler, e))
    try:
        if modname.split(".")[0] in sys.builtin_module_names:
            raise _Fault("Runtime.BuiltInModuleConflict",
                         "Cannot use built-in module {} as a handler module".format(modname))
        import importlib
        module = importlib.import_module(modname.replace("/", "."))
    except ImportError as e:
        raise _Fault("Runtime.ImportModuleError", "Unable to import module '{}': {}".format(modname, e))
    except SyntaxError as e:
        raise _Fault("Runtime.UserCodeSyntaxError", "Syntax error in module '{}': {}".format(modname, e),
                     ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)])
    try:
        return getattr(module, fname)
    except AttributeError:
        raise _Fault("Runtime.HandlerNotFound", "Handler '{}' missing on module '{}'".format(fname, modname))


class LambdaContext(object):
    def __init__(self, request_id, deadline, invoked_function_arn):
        self.aws_request_id = request_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.client_context = None
        self.identity = None
        self._deadline = deadline

    def get_remaining_time_in_millis(self):
        remaining = int((self._deadline - time.monotonic()) * 1000)
        return remaining if remaining > 0 else 0

    def log(self, msg):
        _send({"t": "log", "m": str(msg)})


class _Encoder(json.JSONEncoder):
    # Lambda's marshaller writes Decimals (what boto3 returns for numbers) as numbers.
    def default(self, obj):
        if isinstance(obj, decimal.Decimal):
            return int(obj) if obj == obj.to_integral_value() else float(obj)
        return super().default(obj)


def _main():
    global _request_id
    _setup_logging()
    task_root = os.environ["LAMBDA_TASK_ROOT"]
    if sys.path and sys.path[0] in ("", "."):
        sys.path[0] = task_root
    else:
        sys.path.insert(0, task_root)
    arn = os.environ.pop("_EDDY_FUNCTION_ARN", None)
    try:
        handler = _get_handler(os.environ["_HANDLER"])
    except Exception as e:
        error = _make_error(e.msg, e.error_type, e.trace) if isinstance(e, _Fault) else _fault_result(e)
        logging.warning(
            "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code. "
            "However, in rare cases, a Lambda runtime update can cause unexpected function behavior. "
            "For functions using managed runtimes, runtime updates can be triggered by a function change, "
            "or can be applied automatically. To determine if the runtime has been updated, check the runtime "
            "version in the INIT_START log entry. If this error correlates with a change in the runtime version, "
            "you may be able to mitigate this error by temporarily rolling back to the previous runtime version. "
            "For more information, see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html")
        _log_error(error)
        _send({"t": "init_error", "type": error["errorType"], "message": error["errorMessage"],
               "payload": json.dumps(error)})
        sys.exit(1)
    _send({"t": "ready"})
    encoder = _Encoder()
    while True:
        line = _requests.readline()
        if not line:
            return
        request = json.loads(line)
        _request_id = request["id"]
        deadline = time.monotonic() + request["remaining_ms"] / 1000.0
        error = None
        try:
            response = handler(request["event"], LambdaContext(_request_id, deadline, arn))
            try:
                payload = encoder.encode(response)
            except Exception as e:
                raise _Fault("Runtime.MarshalError", "Unable to marshal response: {}".format(e))
        except _Fault as e:
            error = _make_error(e.msg, e.error_type, e.trace, _request_id)
        except Exception as e:
            error = _fault_result(e, _request_id)
        if error is None:
            _send({"t": "result", "payload": payload})
        else:
            _log_error(error)
            _send({"t": "error", "type": error["errorType"], "message": error["errorMessage"],
                   "payload": json.dumps(error)})


_main()
)PY";
  return kScript;
}

}  // namespace eddy::functions
