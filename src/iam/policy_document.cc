#include "iam/policy_document.h"

#include "core/json.h"
#include "iam/errors.h"

namespace eddy::iam {

void CheckPolicyDocument(std::string_view document) {
  JsonDocument doc;
  doc.Parse(document.data(), document.size());
  if (doc.HasParseError() || !doc.IsObject()) throw MalformedPolicyDocument("This policy contains invalid Json");
}

size_t PolicySize(std::string_view document) {
  size_t size = 0;
  for (const char c : document) size += c != ' ' && c != '\t' && c != '\n' && c != '\r';
  return size;
}

}  // namespace eddy::iam
