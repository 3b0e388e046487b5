#!/usr/bin/env python3
"""Writes src/shapes/generated_shapes.cc and generated_members.cc: every operation's input shape of
the DynamoDB and DynamoDB Streams JSON APIs, from botocore's service models,
as data for src/shapes/validate.cc (types, then constraints).

    python3 scripts/generate_shapes.py

It runs with any python3 that has botocore (Debian's python3-botocore or a
newer one); the header of the output names the botocore version used. The
output is committed, so a build needs neither python nor botocore.

Where the live service differs from its published model (found by what
public suites record of it; see docs/VALIDATION.md), the differences are
listed below as overrides, each with its reason.
"""
import gzip
import json
import os
import sys

import botocore

OUTPUT_DIR = os.path.join(os.path.dirname(__file__), "..", "src", "shapes")
# Two files by purpose, each small enough to read: the structures' members
# (with their check order) and the enums' values; the shape table and the
# operations, which refer to the first by name.
MEMBERS_FILE = "generated_members.cc"
SHAPES_FILE = "generated_shapes.cc"

SERVICES = ["dynamodb/2012-08-10", "dynamodbstreams/2012-08-10"]

# The operations eddy serves (server/dispatcher.cc); the dispatcher answers
# any other before validation, so its shapes would be dead data. Serving a
# new operation: add it here and run the script.
SERVED = {
    "DynamoDB_20120810": {
        "CreateTable", "DescribeTable", "DeleteTable", "UpdateTable", "ListTables", "PutItem", "GetItem",
        "DeleteItem", "UpdateItem", "Query", "Scan", "BatchWriteItem", "BatchGetItem", "TransactWriteItems",
        "TransactGetItems", "UpdateTimeToLive", "DescribeTimeToLive", "TagResource", "UntagResource",
        "ListTagsOfResource", "DescribeContinuousBackups", "ExecuteStatement"},
    "DynamoDBStreams_20120810": {"ListStreams", "DescribeStream", "GetShardIterator", "GetRecords"},
}

# DynamoDB lists an enum's values in its own order, not the model's.
ENUM_ORDER = {
    "ReturnValue": ["ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"],
    "ReturnConsumedCapacity": ["INDEXES", "TOTAL", "NONE"],
    "ReturnItemCollectionMetrics": ["SIZE", "NONE"],
    "KeyType": ["HASH", "RANGE"],
    "ScalarAttributeType": ["B", "N", "S"],
    "Select": ["SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"],
    "ConditionalOperator": ["OR", "AND"],
    "ComparisonOperator": ["IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT", "NOT_NULL", "NE", "LE",
                           "BEGINS_WITH", "GE", "CONTAINS"],
    "BillingMode": ["PROVISIONED", "PAY_PER_REQUEST"],
    "ProjectionType": ["ALL", "INCLUDE", "KEYS_ONLY"],
}

# Constraints the service enforces beyond the model, on one member's shape:
# a table's and a local index's key schema has at most a hash and a range
# key (a global index's may have four of each: multi-attribute keys).
MEMBER_CONSTRAINTS = {
    ("CreateTableInput", "KeySchema"): {"max": 2},
    ("LocalSecondaryIndex", "KeySchema"): {"max": 2},
}
EXTRA_REQUIRED = {
    # CreateTable still reports these as null (the model marks only TableName).
    "CreateTableInput": ["AttributeDefinitions", "KeySchema"],
}

# Model constraints the service does not check as constraints: an attribute
# name's length is checked with the item (or the expression) and a message
# of its own.
IGNORED_CONSTRAINTS = {"AttributeName"}

# Shapes whose values follow a rule of their own (src/shapes/validate.cc).
SPECIAL = {
    # A table's name or ARN: empty is "length >= 1"; a name has the
    # TableName rules (pattern, 3 to 255); an ARN is at most 1024 long.
    "TableArn": "kTableNameOrArn",
    # Rendered with the service's internal members in messages.
    "AttributeValue": "kAttributeValue",
}

# Operations that check one member's presence before anything else (after
# the types), with a message of their own: (member, message, whether an
# empty map or list counts as missing). Recorded against the service by
# dynalite and the 2026 nubo-db conformance captures.
TABLE_NAME_REQUIRED = ("TableName", "The parameter 'TableName' is required but was not present in the request", False)
REQUIRED_FIRST = {
    "CreateTable": TABLE_NAME_REQUIRED,
    "DescribeTable": TABLE_NAME_REQUIRED,
    "DeleteTable": TABLE_NAME_REQUIRED,
    "UpdateTable": TABLE_NAME_REQUIRED,
    "DescribeTimeToLive": TABLE_NAME_REQUIRED,
    "UpdateTimeToLive": TABLE_NAME_REQUIRED,
    "BatchGetItem": ("RequestItems", "The requestItems parameter is required for BatchGetItem", True),
}

# The service's request classes have members the model does not list, which
# change the hash table's capacity and so the order of constraint messages.
HASH_CAPACITY = {"ScanInput": 64}

# Patterns with a matcher in validate.cc; others are printed but not enforced.
PATTERNS = {"[a-zA-Z0-9_.-]+": "kTableName"}

KIND = {"string": "kString", "integer": "kInteger", "long": "kLong", "double": "kDouble", "boolean": "kBoolean",
        "blob": "kBlob", "timestamp": "kTimestamp", "list": "kList", "map": "kMap", "structure": "kStructure"}


def java_string_hash(text):
    h = 0
    for ch in text:
        h = (31 * h + ord(ch)) & 0xFFFFFFFF
    return h


def java_hashmap_order(names, capacity=None):
    """The iteration order of a java.util.HashMap (Java 8) filled with
    `names` in order: the order in which the service walks a request's
    members and so lists their constraint violations."""
    if capacity is None:
        capacity = 16
        while len(names) > capacity * 3 // 4:
            capacity *= 2
    def bucket(name):
        h = java_string_hash(name)
        return (h ^ (h >> 16)) & (capacity - 1)
    return sorted(range(len(names)), key=lambda i: (bucket(names[i]), i))


def lower_first(name):
    return name[:1].lower() + name[1:]


def cxx_string(text):
    return json.dumps(text)  # a C++ string literal for ASCII text


class Generator:
    def __init__(self):
        self.shapes = []      # (service index, shape name)
        self.index = {}       # (service index, shape name) -> position
        self.models = []
        self.operations = []  # (target, shape position, REQUIRED_FIRST entry or None)

    def load(self):
        data = os.path.join(os.path.dirname(botocore.__file__), "data")
        for folder in SERVICES:
            path = os.path.join(data, folder, "service-2.json")
            # Newer botocore ships its models gzipped; Debian's does not.
            with (gzip.open(path + ".gz") if os.path.exists(path + ".gz") else open(path, "rb")) as f:
                model = json.load(f)
            self.models.append(model)

    def shape_id(self, service, name, extra=None):
        """The position of a shape; `extra` constraints make a variant of it."""
        key = (service, name, json.dumps(extra, sort_keys=True) if extra else "")
        if key not in self.index:
            self.index[key] = len(self.shapes)
            self.shapes.append(key)
            shape = self.models[service]["shapes"][name]
            for part in ("member", "key", "value"):
                if part in shape:
                    self.shape_id(service, shape[part]["shape"])
            for member_name, member in shape.get("members", {}).items():
                self.shape_id(service, member["shape"], MEMBER_CONSTRAINTS.get((name, member_name)))
        return self.index[key]

    def member_shape_id(self, service, owner, member_name):
        member = self.models[service]["shapes"][owner]["members"][member_name]
        return self.shape_id(service, member["shape"], MEMBER_CONSTRAINTS.get((owner, member_name)))

    def child_id(self, service, shape, part):
        return self.shape_id(service, shape[part]["shape"]) if part in shape else 0

    def collect(self):
        for service, model in enumerate(self.models):
            prefix = model["metadata"]["targetPrefix"]
            for name, operation in sorted(model["operations"].items()):
                if "input" not in operation or name not in SERVED[prefix]:
                    continue
                first = REQUIRED_FIRST.get(name) if service == 0 else None
                self.operations.append((prefix + "." + name, self.shape_id(service, operation["input"]["shape"]),
                                        first))
        self.operations.sort()

    def constrained(self):
        """Positions of shapes under which some value has a constraint: the
        constraint walk skips the others (an item's attribute values)."""
        result = set()
        changed = True
        while changed:
            changed = False
            for position, (service, name, extra) in enumerate(self.shapes):
                if position in result or SPECIAL.get(name) == "kAttributeValue":
                    continue  # an item's values are checked by their decoder, not by constraints
                shape = self.models[service]["shapes"][name]
                direct = any(k in shape for k in ("min", "max", "enum", "pattern")) and name not in IGNORED_CONSTRAINTS \
                    or extra \
                    or SPECIAL.get(name) == "kTableNameOrArn" or shape.get("required") or name in EXTRA_REQUIRED
                children = [self.child_id(service, shape, p) for p in ("member", "key", "value") if p in shape]
                children += [self.member_shape_id(service, name, m) for m in shape.get("members", {})]
                if direct or any(c in result for c in children):
                    result.add(position)
                    changed = True
        return result

    def render(self):
        """The two files' texts: (members file, shapes file)."""
        constrained = self.constrained()
        header = ["// Generated by scripts/generate_shapes.py from botocore %s's service models" % botocore.__version__,
                  "// (DynamoDB and DynamoDB Streams); do not edit. Regenerate after changing the script."]
        data = []          # the members file's definitions
        declarations = []  # the same, declared for the shapes file
        definitions = []   # the shape table's rows
        for position, (service, name, extra) in enumerate(self.shapes):
            shape = self.models[service]["shapes"][name]
            tag = "%d" % position
            enum_ref = members_ref = order_ref = "{}"
            if "enum" in shape:
                values = ENUM_ORDER.get(name, shape["enum"])
                if sorted(values) != sorted(shape["enum"]):  # the model gained or lost a value
                    sys.exit("ENUM_ORDER[%r] lists %s; the model has %s" % (name, values, shape["enum"]))
                data.append("extern const std::string_view kEnum%s[] = {%s};  // %s" %
                            (tag, ", ".join(cxx_string(v) for v in values), name))
                declarations.append("extern const std::string_view kEnum%s[%d];" % (tag, len(values)))
                enum_ref = "generated::kEnum" + tag
            if shape["type"] == "structure" and shape["members"]:
                required = set(shape.get("required", [])) | set(EXTRA_REQUIRED.get(name, []))
                names = list(shape["members"])
                data.append("extern const Member kMembers%s[] = {  // %s" % (tag, name))
                for member_name in names:
                    data.append("    {%s, %s, %d, %s}," % (
                        cxx_string(member_name), cxx_string(lower_first(member_name)),
                        self.member_shape_id(service, name, member_name),
                        "true" if member_name in required else "false"))
                data.append("};")
                order = java_hashmap_order([lower_first(n) for n in names], HASH_CAPACITY.get(name))
                data.append("extern const uint8_t kOrder%s[] = {%s};" % (tag, ", ".join(str(i) for i in order)))
                declarations.append("extern const Member kMembers%s[%d];" % (tag, len(names)))
                declarations.append("extern const uint8_t kOrder%s[%d];" % (tag, len(names)))
                members_ref, order_ref = "generated::kMembers" + tag, "generated::kOrder" + tag
            constraints = {} if name in IGNORED_CONSTRAINTS else \
                dict((k, shape[k]) for k in ("min", "max") if k in shape)
            if extra:
                constraints.update(json.loads(extra))
            pattern = shape.get("pattern", "")
            element = self.child_id(service, shape, "member") or self.child_id(service, shape, "value")
            key = self.child_id(service, shape, "key")
            definitions.append(
                "    {Kind::%s, Special::%s, PatternCheck::%s, %s, %s, %s, %d, %d, %s, %s, %s, %s, %d, %d, %s},"
                "  // %d" % (
                    KIND[shape["type"]], SPECIAL.get(name, "kNone"), PATTERNS.get(pattern, "kNone"),
                    "true" if "min" in constraints else "false", "true" if "max" in constraints else "false",
                    "true" if position in constrained else "false",
                    constraints.get("min", 0), constraints.get("max", 0), cxx_string(name),
                    cxx_string(pattern), enum_ref, members_ref, element, key, order_ref, position))

        members = header + ["// The structures' members, with the order the service checks them in, and the",
                            "// enums' values: the shape table (generated_shapes.cc) refers to them.",
                            '#include "shapes/shape.h"', "", "namespace eddy::shapes::generated {", ""]
        members += data + ["", "}  // namespace eddy::shapes::generated"]

        shapes = header + ['#include "shapes/shape.h"', "", "#include <algorithm>", "",
                           "namespace eddy::shapes {", "namespace generated {", "// In generated_members.cc."]
        shapes += declarations + ["}  // namespace generated", "", "namespace {", "",
                                  "const Shape kShapes[] = {"] + definitions + ["};", "",
                                  "// Sorted by target, for binary search.", "constexpr Operation kOperations[] = {"]
        for target, shape, first in self.operations:
            if first:
                shapes.append("    {%s, %d, {%s, %s, %s}}," % (cxx_string(target), shape, cxx_string(first[0]),
                                                              cxx_string(first[1]), "true" if first[2] else "false"))
            else:
                shapes.append("    {%s, %d, {}}," % (cxx_string(target), shape))
        shapes += ["};", "", "}  // namespace", "",
                   "const Shape& ShapeAt(uint16_t index) { return kShapes[index]; }", "",
                   "const Operation* FindOperation(std::string_view target) {",
                   "  const auto* end = std::end(kOperations);",
                   "  const auto* it = std::lower_bound(std::begin(kOperations), end, target,",
                   "                                    [](const Operation& op, std::string_view t) "
                   "{ return op.target < t; });",
                   "  return it != end && it->target == target ? it : nullptr;", "}", "",
                   "}  // namespace eddy::shapes"]
        return "\n".join(members) + "\n", "\n".join(shapes) + "\n"


def main():
    generator = Generator()
    generator.load()
    generator.collect()
    if len(generator.shapes) > 65535:
        sys.exit("too many shapes for uint16_t indices")
    members, shapes = generator.render()
    for name, text in ((MEMBERS_FILE, members), (SHAPES_FILE, shapes)):
        with open(os.path.join(OUTPUT_DIR, name), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
