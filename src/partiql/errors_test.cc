// Statements DynamoDB refuses, with its messages. "pinned" marks wordings a
// public test suite pinned against the live service.
#include "partiql/parser.h"

#include "partiql/test_util.h"

namespace eddy::partiql {
namespace {

using namespace testing;

TEST_CASE("leftover tokens (pinned)") {
  const std::string leftover = kMalformed + "Unexpected token after expression";
  CHECK(Error("SELECT * FROM \"t\" WHERE pk = 1 foo") == leftover);
  CHECK(Error("INSERT INTO \"t\" VALUE {'pk': 1} foo") == leftover);
  CHECK(Error("UPDATE \"t\" SET a = 9 WHERE pk = 1 foo") == leftover);
  CHECK(Error("DELETE FROM \"t\" WHERE pk = 1 foo") == leftover);
  CHECK(Error("SELECT * FROM \"t\" WHERE pk = 1)") == leftover);
  CHECK(Error("DELETE FROM \"t\" WHERE pk = 1 ORDER BY pk") == leftover);
  CHECK(Error("SELECT * FROM \"t\" ORDER BY pk WHERE pk = 1") == leftover);
  CHECK(Error("INSERT INTO \"t\" t VALUE {'pk': 'x'}") == leftover);
  CHECK(Error("FROM \"t\" SET c = 1 WHERE pk = 'x'") == leftover);
  CHECK(Error("SELECT * FROM t WHERE pk = 1; SELECT * FROM t") == "Only one operation is allowed in a statement.");
}

TEST_CASE("text partiql cannot lex: nothing after the colon (pinned)") {
  CHECK(Error("SELECT * FROM t WHERE pk = 1 # note") == kMalformed);
  CHECK(Error("SELECT * FROM t WHERE pk = 1 /* note") == kMalformed);
  CHECK(Error("SELECT * FROM t WHERE pk = 'open") == kMalformed);
  CHECK(Error("SELECT * FROM \"open WHERE pk = 1") == kMalformed);
  CHECK(Error("SELECT * FROM t WHERE pk = 1 & 2") == kMalformed);
}

TEST_CASE("a term missing where one must start (pinned)") {
  for (std::string_view text : {"SELECT * FROM \"t\" WHERE", "SELECT * FROM \"t\" WHERE;", "SELECT * FROM \"t\" WHERE   ",
                                "SELECT pk FROM \"t\" WHERE", "UPDATE \"t\" SET a = 1 WHERE", "DELETE FROM \"t\" WHERE",
                                "SELECT * FROM \"t\" WHERE NOT", "SELECT * FROM \"t\" WHERE (", "SELECT * FROM"}) {
    CAPTURE(text);
    CHECK(Error(text) == kMalformed + "Unexpected term");
  }
  CHECK(Error("SELECT * FROM t WHERE pk = 'p1' AND") ==
        kMalformed + "Missing right-hand side expression of infix operator");
  CHECK(Error("SELECT * FROM t WHERE pk = 'p1' OR") ==
        kMalformed + "Missing right-hand side expression of infix operator");
  CHECK(Error("SELECT * FROM t WHERE pk =") == kMalformed + "Missing right-hand side expression of infix operator");
  CHECK(Error("SELECT * FROM \"t\" WHERE ORDER BY pk") == kMalformed + "Unexpected keyword");
  CHECK(Error("SELECT * FROM \"t\" WHERE IS NULL") == kMalformed + "Unexpected operator");
  CHECK(Error("SELECT * FROM \"t\" WHERE pk = LIKE") == kMalformed + "Unexpected operator");
  CHECK(Error("SELECT * FROM \"t\" WHERE pk = 'a' AND x IS FOO") == kMalformed + "Expected type name");
  CHECK(Error("SELECT * FROM t WHERE value = 1") == kMalformed + "Unexpected keyword");
  for (std::string_view text : {"DELETE FROM", "DELETE FROM   ", "DELETE FROM;", "DELETE FROM WHERE pk = 'a'"}) {
    CAPTURE(text);
    CHECK(Error(text) == kMalformed + "Expected identifier for simple path");
  }
}

TEST_CASE("statements that are not DynamoDB's four (pinned: SLECT)") {
  const std::string expected = kMalformed + "Expected data manipulation";
  CHECK(Error("SLECT * FROM \"Users\"") == expected);
  CHECK(Error("CREATE TABLE t") == expected);
  CHECK(Error("   ") == expected);
  CHECK(Error("UPDATE t WHERE pk = 1") == expected);
  CHECK(Error("UPDATE t SET WHERE pk = 1") == kMalformed + "Expected assignment for SET");
  CHECK(Error("UPDATE t SET a WHERE pk = 1") == kMalformed + "Expected assignment for SET");
  CHECK(Error("DELETE t WHERE pk = 1") == kMalformed + "Expected FROM after DELETE");
}

TEST_CASE("aliases (pinned)") {
  CHECK(Error("SELECT * FROM \"t\" t WHERE pk = 'x'") == "Aliasing is not supported");
  CHECK(Error("SELECT * FROM \"t\" AS t WHERE pk = 'x'") == "Aliasing is not supported");
  CHECK(Error("UPDATE \"t\" t SET a = 3 WHERE pk = 'x'") == "Aliasing is not supported");
  CHECK(Error("DELETE FROM \"t\" t WHERE pk = 'x'") == "Aliasing is not supported");
  CHECK(Error("SELECT a AS b FROM t") == "Aliasing is not supported");
}

TEST_CASE("sources") {
  CHECK(Error("SELECT * FROM a, b") == "Only select from a single table or index is supported.");
  CHECK(Error("SELECT * FROM a JOIN b ON a.x = b.x") == "Only select from a single table or index is supported.");
  CHECK(Error("SELECT * FROM \"t\".\"i\".\"x\"") == "A path may contain at most 2 components in the FROM clause");
  CHECK(Error("SELECT * FROM \"\"") == "Path component cannot be an empty string");
  CHECK(Error("SELECT * FROM (SELECT * FROM t)") == "Unexpected from source");
}

TEST_CASE("projections and clauses DynamoDB does not support") {
  CHECK(Error("SELECT VALUE a FROM t") == "Select projection doesn't support value or pivot keywords");
  CHECK(Error("SELECT *, a FROM t") == "Other attributes should not be present in the projection when '*' is used.");
  CHECK(Error("SELECT COUNT(*) FROM t") == "Unsupported operation: CallAgg");
  CHECK(Error("SELECT * FROM t GROUP BY a") == "Unsupported clause: GROUP BY");
  CHECK(Error("SELECT * FROM t WHERE pk = 1 LIMIT 10") == "Unsupported clause: LIMIT");
  CHECK(Error("SELECT * FROM t ORDER BY pk") == "Must have WHERE clause in the statement when using ORDER BY clause.");
  CHECK(Error("SELECT * FROM t WHERE pk = 1 ORDER BY a.b") ==
        "Argument to ORDER BY must be of type VariableReference. Type: Path");
  CHECK(Error("SELECT a[*] FROM t") == "Wildcard path component like a[*].b are not supported");
  CHECK(Error("SELECT a.* FROM t") == "Unpivot path component like a.*.b are not supported");
  CHECK(Error("SELECT a[-1] FROM t") == "List index is not within the allowable range; index: [-1]");
  CHECK(Error("SELECT a[2147483648] FROM t") == "List index is not within the allowable range; index: [2147483648]");
}

TEST_CASE("conditions DynamoDB does not support") {
  CHECK(Error("SELECT * FROM t WHERE a") == "WHERE clause must contain an expression that resolves to a boolean");
  CHECK(Error("SELECT * FROM t WHERE a = 1 AND b") == "The arguments to AND/OR must be Expressions");
  CHECK(Error("SELECT * FROM t WHERE NOT b") == "The argument to NOT must be a Type or Expression");
  CHECK(Error("SELECT * FROM t WHERE a = MISSING") == "MISSING must be compared using IS operator");
  CHECK(Error("SELECT * FROM t WHERE a IN []") ==
        "IN operator must have a left hand argument of type Variable Reference and right hand argument of type "
        "Seq with at least one member");
  CHECK(Error("SELECT * FROM t WHERE a IN ?") ==
        "IN operator must have a left hand argument of type Variable Reference and right hand argument of type "
        "Seq with at least one member");
  CHECK(Error("SELECT * FROM t WHERE a LIKE 'x%'") == "Unsupported operator in Condition Expression. Operator: like");
  CHECK(Error("SELECT * FROM t WHERE a + 1 = 2") == "Unsupported operator in Condition Expression. Operator: +");
  CHECK(Error("SELECT * FROM t WHERE a = b || 'x'") == "Unsupported operator in Condition Expression. Operator: ||");
  CHECK(Error("SELECT * FROM t WHERE a = -b") == "Unsupported operator in Condition Expression. Operator: -");
  CHECK(Error("SELECT * FROM t WHERE lower(a) = 'x'") == "Unrecognized function: lower");
  CHECK(Error("SELECT * FROM t WHERE size(a, b) IS INT") ==
        "Unsupported data type for IS operator: INT. Supported data types are [MISSING, NULL, BOOLEAN, BLOB, "
        "STRING, NUMERIC, STRUCT, TUPLE, LIST]");
  CHECK(Error("SELECT * FROM t WHERE ? IS NULL") ==
        "The left hand side argument to IS must be a Variable Reference, Literal, or Path");
  CHECK(Error("SELECT * FROM t WHERE list_append(a, b) = c") ==
        "The function is not allowed in a condition expression; function: list_append");
  CHECK(Error("SELECT * FROM t WHERE begins_with(a, 'x') = TRUE") ==
        "The function is not allowed to be used this way in an expression; function: begins_with");
  CHECK(Error("SELECT * FROM t WHERE a BETWEEN 1 2") == kMalformed + "Expected AND");
  CHECK(Error("SELECT * FROM t WHERE a IN [1, 2") == kMalformed + "Expected RIGHT_BRACKET");
  CHECK(Error("SELECT * FROM t WHERE (a = 1") == kMalformed + "Expected RIGHT_PAREN");
}

TEST_CASE("INSERT forms DynamoDB refuses") {
  CHECK(Error("INSERT INTO t VALUE [1]") ==
        "Unsupported format in item expression. Please use struct format {...} to express item values for insert "
        "statement.");
  CHECK(Error("INSERT INTO t VALUE ?") ==
        "Unsupported format in item expression. Please use struct format {...} to express item values for insert "
        "statement.");
  CHECK(Error("INSERT INTO t <<{'pk': 1}, {'pk': 2}>>") ==
        "Unsupported operation: Inserting multiple items in a single statement is not supported, use \"INSERT INTO "
        "tableName VALUE item\" instead");
  CHECK(Error("INSERT INTO t VALUE {'pk': 1} RETURNING ALL OLD *") == "RETURNING is not supported in INSERT");
  CHECK(Error("INSERT INTO t VALUE {'pk' 1}") == kMalformed + "Expected COLON");
}

TEST_CASE("UPDATE and DELETE forms DynamoDB refuses") {
  CHECK(Error("UPDATE t SET a = set_add(b, <<1>>) WHERE pk = 1") ==
        "The first argument to SET_ADD must equal the assignment value");
  CHECK(Error("UPDATE t SET a = set_delete(a, [1]) WHERE pk = 1") ==
        "The second argument to SET_DELETE must be a value with type SET");
  CHECK(Error("UPDATE t SET a = set_add(a) WHERE pk = 1") == "SET_ADD must have exactly two arguments");
  CHECK(Error("UPDATE t SET a = list_append(a, set_add(a, <<1>>)) WHERE pk = 1") ==
        "The function is not allowed in an update expression; function: set_add");
  CHECK(Error("UPDATE t SET a = begins_with(a, 'x') WHERE pk = 1") ==
        "The function is not allowed in an update expression; function: begins_with");
  CHECK(Error("UPDATE t SET a = b * 2 WHERE pk = 1") == "Unsupported operator in Update Expression. Operator: *");
  CHECK(Error("UPDATE t SET a = b + 1 + 2 WHERE pk = 1") == "Unsupported operator in Update Expression. Operator: +");
  CHECK(Error("UPDATE t SET a = b IS NULL WHERE pk = 1") == "IS operator is not supported in update expressions");
  CHECK(Error("UPDATE t SET a = 1 WHERE pk = 1 RETURNING ALL OLD a") ==
        "Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause");
  CHECK(Error("UPDATE t SET a = 1 WHERE pk = 1 RETURNING ALL OLD *, ALL NEW *") ==
        "Invalid syntax with multiple returning elements in RETURNING clause");
  CHECK(Error("UPDATE t SET a = 1 WHERE pk = 1 RETURNING NEW *") == kMalformed + "Unexpected keyword");
  for (std::string_view returning : {"MODIFIED OLD", "ALL NEW", "MODIFIED NEW"}) {
    CHECK(Error("DELETE FROM t WHERE pk = 1 RETURNING " + std::string(returning) + " *") ==
          "Invalid returning clause: RETURNING " + std::string(returning) +
              " *. Only RETURNING ALL OLD * is allowed in DELETE statements.");
  }
}

TEST_CASE("syntax errors come before unsupported constructs") {
  CHECK(Error("SELECT * FROM t AS x WHERE a = 1 AND") ==
        kMalformed + "Missing right-hand side expression of infix operator");
  CHECK(Error("SELECT a FROM t t WHERE") == kMalformed + "Unexpected term");
  CHECK(Error("SELECT * FROM t WHERE myfn(a) = 1") == "Unrecognized function: myfn");
}

TEST_CASE("the statement's length: 1 to 8192 characters") {
  const std::string prefix = "SELECT * FROM t WHERE a = '";
  std::string longest = prefix + std::string(kMaxStatementLength - prefix.size() - 1, 'x') + "'";
  CHECK(longest.size() == kMaxStatementLength);
  CHECK(Error(longest) == "");
  std::string too_long = prefix + std::string(kMaxStatementLength - prefix.size(), 'x') + "'";
  CHECK(Error(too_long) == "1 validation error detected: Value '" + too_long +
                               "' at 'statement' failed to satisfy constraint: Member must have length less than "
                               "or equal to 8192");
  // Characters, not bytes: 8192 two-byte characters fit.
  std::string wide = prefix;
  while (wide.size() < prefix.size() + 2 * (kMaxStatementLength - prefix.size() - 1)) wide += "é";
  CHECK(Error(wide + "'") == "");
  CHECK(Error("") ==
        "1 validation error detected: Value '' at 'statement' failed to satisfy constraint: Member must have length "
        "greater than or equal to 1");
}

}  // namespace
}  // namespace eddy::partiql
