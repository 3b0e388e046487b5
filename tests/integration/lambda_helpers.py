# Helpers for tests of eddy's Lambda API: deployment packages built in
# memory, and the IAM role ARN the tutorials create.

import io
import zipfile

ROLE_ARN = 'arn:aws:iam::000000000000:role/lambda-ex'


def zip_bytes(files):
    """A zip of {name: text or (text, unix mode)}, as `zip` would make it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            text, mode = content if isinstance(content, tuple) else (content, 0o644)
            info = zipfile.ZipInfo(name)
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
    return buffer.getvalue()


def python_package(body):
    """A package whose lambda_function.py is `body`."""
    return zip_bytes({'lambda_function.py': body})


def create_python_function(client, name, body, **kwargs):
    args = dict(FunctionName=name, Runtime='python3.12', Role=ROLE_ARN, Handler='lambda_function.lambda_handler',
                Code={'ZipFile': python_package(body)})
    args.update(kwargs)
    return client.create_function(**args)
