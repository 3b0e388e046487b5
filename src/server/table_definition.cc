#include "server/table_definition.h"

#include <algorithm>
#include <set>

#include "core/api_error.h"

namespace eddy {
namespace {

constexpr size_t kMaxLocalIndexes = 5;
constexpr size_t kMaxGlobalIndexes = 20;
constexpr size_t kMaxProjectedAttributes = 100;  // NonKeyAttributes across all of a table's indexes
constexpr size_t kMaxNonKeyAttributesPerIndex = 20;

const std::string kInvalid(kInvalidParameters);

AttributeType ScalarType(std::string_view descriptor) {
  if (descriptor == "N") return AttributeType::kNumber;
  if (descriptor == "B") return AttributeType::kBinary;
  return AttributeType::kString;
}

std::string NameList(const std::vector<std::string>& names) {
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out + "]";
}

std::vector<std::string> NamesOf(const std::vector<AttributeDefinition>& definitions) {
  std::vector<std::string> names;
  for (const auto& d : definitions) names.push_back(d.name);
  return names;
}

std::vector<std::string> NamesOf(const std::vector<KeySchemaElement>& keys) {
  std::vector<std::string> names;
  for (const auto& k : keys) names.push_back(k.name);
  return names;
}

// A KeySchema list: its length, then each element's members.
std::vector<KeySchemaElement> ReadKeySchemaList(const JsonValue* list, const std::string& field,
                                                size_t max, ConstraintErrors& errors) {
  std::vector<KeySchemaElement> elements;
  if (!list) {
    errors.NotNull(field);
    return elements;
  }
  if (list->Empty()) {
    errors.Add("Value '[]' at '" + field + "' failed to satisfy constraint: Member must have length greater than or equal to 1");
  } else if (list->Size() > max) {
    errors.Add("Value at '" + field + "' failed to satisfy constraint: Member must have length less than or equal to " +
               std::to_string(max));
  }
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    const JsonValue& e = AsObject((*list)[i]);
    auto name = StringMember(e, "AttributeName");
    auto type = StringMember(e, "KeyType");
    const std::string member = field + "." + std::to_string(i + 1) + ".member";
    if (!name) errors.NotNull(member + ".attributeName");
    errors.Length(name, member + ".attributeName", 1, 255);
    if (!type) errors.NotNull(member + ".keyType");
    errors.Enum(type, member + ".keyType", {"HASH", "RANGE"});
    if (name && type) elements.push_back({std::string(*name), std::string(*type)});
  }
  return elements;
}

std::optional<std::vector<IndexDefinition>> ReadIndexList(const JsonValue& request, const char* member,
                                                          const std::string& field, bool global,
                                                          ConstraintErrors& errors) {
  const JsonValue* list = ArrayMember(request, member);
  if (!list) return std::nullopt;
  std::vector<IndexDefinition> indexes;
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    indexes.push_back(ReadIndexDefinition(AsObject((*list)[i]), field + "." + std::to_string(i + 1) + ".member",
                                          global, errors));
  }
  return indexes;
}

// The order rules every KeySchema shares: HASH first, then at most one RANGE
// (eddy does not yet take multi-attribute GSI keys), no name twice.
void CheckKeyOrder(const std::vector<KeySchemaElement>& keys) {
  if (keys[0].key_type != "HASH") {
    throw ApiError::Validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  }
  if (keys.size() == 2) {
    if (keys[1].key_type != "RANGE") {
      throw ApiError::Validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    }
    if (keys[0].name == keys[1].name) {
      throw ApiError::Validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
    }
  }
}

const AttributeDefinition* FindDefinition(const std::vector<AttributeDefinition>& definitions,
                                          const std::string& name) {
  auto it = std::find_if(definitions.begin(), definitions.end(), [&](const auto& d) { return d.name == name; });
  return it == definitions.end() ? nullptr : &*it;
}

void CheckKeysDefined(const std::vector<KeySchemaElement>& keys, const std::vector<AttributeDefinition>& definitions) {
  for (const auto& key : keys) {
    if (!FindDefinition(definitions, key.name)) {
      throw ApiError::Validation(kInvalid +
                                 "Some index key attributes are not defined in AttributeDefinitions. Keys: " +
                                 NameList(NamesOf(keys)) + ", AttributeDefinitions: " +
                                 NameList(NamesOf(definitions)));
    }
  }
}

// The key schema `keys` describe (HASH elements first, as checked): its
// first HASH and RANGE attributes, and any further ones of a
// multi-attribute GSI key.
KeySchema SchemaOf(const std::vector<KeySchemaElement>& keys, const std::vector<AttributeDefinition>& definitions) {
  KeySchema schema;
  bool first_hash = true;
  for (const KeySchemaElement& element : keys) {
    const KeyAttribute key{element.name, FindDefinition(definitions, element.name)->type};
    if (element.key_type == "HASH") {
      if (first_hash) {
        schema.hash = key;
      } else {
        schema.more_hash.push_back(key);
      }
      first_hash = false;
    } else if (!schema.range) {
      schema.range = key;
    } else {
      schema.more_range.push_back(key);
    }
  }
  return schema;
}

constexpr long kMaxKeyAttributesPerType = 4;  // multi-attribute GSI keys

// A GSI's KeySchema may hold up to four HASH attributes followed by up to
// four RANGE ones (multi-attribute keys, since November 2025).
void CheckGlobalKeyOrder(const std::vector<KeySchemaElement>& keys) {
  if (keys[0].key_type != "HASH") {
    throw ApiError::Validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  }
  if (keys.size() == 2 && keys[1].key_type == "RANGE" && keys[0].name == keys[1].name) {
    throw ApiError::Validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
  }
  bool seen_range = false;
  long hashes = 0, ranges = 0;
  for (const KeySchemaElement& key : keys) {
    if (key.key_type == "RANGE") {
      seen_range = true;
      ++ranges;
    } else if (seen_range) {
      throw ApiError::Validation(kInvalid + "All HASH key attributes must precede RANGE key attributes in the KeySchema");
    } else {
      ++hashes;
    }
  }
  if (hashes > kMaxKeyAttributesPerType) {
    throw ApiError::Validation(kInvalid + "The KeySchema exceeds the maximum allowed number of HASH key attributes");
  }
  if (ranges > kMaxKeyAttributesPerType) {
    throw ApiError::Validation(kInvalid + "The KeySchema exceeds the maximum allowed number of RANGE key attributes");
  }
  std::set<std::string> names;
  for (const KeySchemaElement& key : keys) {
    if (!names.insert(key.name).second) {
      throw ApiError::Validation(kInvalid + "The KeySchema contains multiple key attributes with the same name");
    }
  }
}

// The rules of one index's key schema and projection, as far as LSIs and
// GSIs share them, then the index it describes.
IndexInfo CheckIndex(const IndexDefinition& index, const std::vector<AttributeDefinition>& definitions,
                     const KeySchema& table_keys) {
  CheckKeysDefined(index.keys, definitions);
  if (index.global) {
    CheckGlobalKeyOrder(index.keys);
  } else {
    if (index.keys.size() == 2 && index.keys[0].name == index.keys[1].name) {
      throw ApiError::Validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
    }
    CheckKeyOrder(index.keys);
  }
  if (!index.global) {
    if (index.keys.size() < 2) {
      throw ApiError::Validation(kInvalid + "Index KeySchema does not have a range key for index: " + index.name);
    }
    if (index.keys[0].name != table_keys.hash.name) {
      throw ApiError::Validation(kInvalid + "Index KeySchema does not have the same leading hash key as table "
                                            "KeySchema for index: " + index.name + ". index hash key: " +
                                 index.keys[0].name + ", table hash key: " + table_keys.hash.name);
    }
  }
  if (!index.projection_type) throw ApiError::Validation(kInvalid + "Unknown ProjectionType: null");
  const std::string& type = *index.projection_type;
  if (type != "INCLUDE" && index.non_key_attributes) {
    throw ApiError::Validation(kInvalid + "ProjectionType is " + type + ", but NonKeyAttributes is specified");
  }
  if (type == "INCLUDE" && !index.non_key_attributes) {
    throw ApiError::Validation(kInvalid + "ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
  }
  IndexInfo info;
  info.name = index.name;
  info.global = index.global;
  info.key_space.is_index = true;
  info.key_space.schema = SchemaOf(index.keys, definitions);
  info.projection = type == "ALL" ? ProjectionType::kAll
                                  : type == "KEYS_ONLY" ? ProjectionType::kKeysOnly : ProjectionType::kInclude;
  if (index.non_key_attributes) {
    std::set<std::string> seen;
    for (const std::string& name : *index.non_key_attributes) {
      if (!seen.insert(name).second) {
        throw ApiError::Validation(kInvalid + "Duplicate element in NonKeyAttributes: " + name);
      }
    }
    // DescribeTable lists them sorted, as DynamoDB does.
    info.non_key_attributes.assign(seen.begin(), seen.end());
  }
  return info;
}

void CheckGlobalThroughput(const IndexDefinition& index, BillingMode billing, IndexInfo* info) {
  if (billing == BillingMode::kPayPerRequest && index.throughput) {
    throw ApiError::Validation(kInvalid + "ProvisionedThroughput should not be specified for index: " + index.name +
                               " when BillingMode is PAY_PER_REQUEST");
  }
  if (billing == BillingMode::kProvisioned && !index.throughput) {
    throw ApiError::Validation(kInvalid + "ProvisionedThroughput is not specified for index: " + index.name);
  }
  if (index.throughput) info->throughput = *index.throughput;
}

}  // namespace

std::optional<ProvisionedThroughput> ReadThroughput(const JsonValue& object, const std::string& field,
                                                    ConstraintErrors& errors) {
  const JsonValue* throughput = ObjectMember(object, "ProvisionedThroughput");
  if (!throughput) return std::nullopt;
  auto rcu = IntegerMember(*throughput, "ReadCapacityUnits");
  auto wcu = IntegerMember(*throughput, "WriteCapacityUnits");
  if (!rcu) errors.NotNull(field + ".provisionedThroughput.readCapacityUnits");
  if (!wcu) errors.NotNull(field + ".provisionedThroughput.writeCapacityUnits");
  errors.Range(rcu, field + ".provisionedThroughput.readCapacityUnits", 1, INT64_MAX);
  errors.Range(wcu, field + ".provisionedThroughput.writeCapacityUnits", 1, INT64_MAX);
  return ProvisionedThroughput{rcu.value_or(0), wcu.value_or(0)};
}

std::vector<AttributeDefinition> ReadAttributeDefinitions(const JsonValue& list, ConstraintErrors& errors) {
  std::vector<AttributeDefinition> out;
  for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
    const JsonValue& d = AsObject(list[i]);
    auto name = StringMember(d, "AttributeName");
    auto type = StringMember(d, "AttributeType");
    const std::string field = "attributeDefinitions." + std::to_string(i + 1) + ".member";
    if (!name) errors.NotNull(field + ".attributeName");
    errors.Length(name, field + ".attributeName", 1, 255);
    if (!type) errors.NotNull(field + ".attributeType");
    errors.Enum(type, field + ".attributeType", {"B", "N", "S"});
    if (name && type) out.push_back({std::string(*name), ScalarType(*type)});
  }
  return out;
}

IndexDefinition ReadIndexDefinition(const JsonValue& index, const std::string& field, bool global,
                                    ConstraintErrors& errors) {
  IndexDefinition out;
  out.global = global;
  auto name = StringMember(index, "IndexName");
  errors.TableName(name, field + ".indexName");  // index names follow the table-name rules
  if (name) out.name = std::string(*name);
  // A GSI may have up to four HASH and four RANGE attributes; tables and
  // LSIs one of each.
  out.keys = ReadKeySchemaList(ArrayMember(index, "KeySchema"), field + ".keySchema", global ? 8 : 2, errors);
  const JsonValue* projection = ObjectMember(index, "Projection");
  if (!projection) {
    errors.NotNull(field + ".projection");
  } else {
    auto type = StringMember(*projection, "ProjectionType");
    errors.Enum(type, field + ".projection.projectionType", {"ALL", "INCLUDE", "KEYS_ONLY"});
    if (type) out.projection_type = std::string(*type);
    if (const JsonValue* names = ArrayMember(*projection, "NonKeyAttributes")) {
      const std::string names_field = field + ".projection.nonKeyAttributes";
      if (names->Empty()) {
        errors.Add("Value '[]' at '" + names_field +
                   "' failed to satisfy constraint: Member must have length greater than or equal to 1");
      } else if (names->Size() > kMaxNonKeyAttributesPerIndex) {
        errors.Add("Value at '" + names_field +
                   "' failed to satisfy constraint: Member must have length less than or equal to 20");
      }
      auto& list = out.non_key_attributes.emplace();
      for (const JsonValue& n : names->GetArray()) list.emplace_back(AsString(n));
    }
  }
  if (global) out.throughput = ReadThroughput(index, field, errors);
  return out;
}

TableDefinition ReadTableDefinition(const JsonValue& request, ConstraintErrors& errors) {
  TableDefinition def;
  const JsonValue* definitions = ArrayMember(request, "AttributeDefinitions");
  if (!definitions) errors.NotNull("attributeDefinitions");
  def.keys = ReadKeySchemaList(ArrayMember(request, "KeySchema"), "keySchema", 2, errors);
  if (definitions) def.definitions = ReadAttributeDefinitions(*definitions, errors);
  def.local_indexes = ReadIndexList(request, "LocalSecondaryIndexes", "localSecondaryIndexes", false, errors);
  def.global_indexes = ReadIndexList(request, "GlobalSecondaryIndexes", "globalSecondaryIndexes", true, errors);
  return def;
}

void ApplyTableDefinition(const TableDefinition& def, BillingMode billing, TableInfo* table) {
  const auto& keys = def.keys;
  const auto& defined = def.definitions;
  CheckKeyOrder(keys);
  std::set<std::string> definition_names;
  for (const auto& d : defined) {
    if (!definition_names.insert(d.name).second) {
      throw ApiError::Validation("Cannot have two attributes with the same name. Attribute name: " + d.name);
    }
  }
  CheckKeysDefined(keys, defined);
  table->key_space.schema = SchemaOf(keys, defined);
  table->key_space.is_index = false;

  // Every definition must be some key's. With indexes DynamoDB names them.
  const bool has_indexes = def.local_indexes || def.global_indexes;
  if (!has_indexes && defined.size() != keys.size()) {
    throw ApiError::Validation(kInvalid +
                               "Number of attributes in KeySchema does not exactly match number of attributes "
                               "defined in AttributeDefinitions");
  }
  if (has_indexes) {
    std::vector<std::string> used;
    auto use = [&](const std::vector<KeySchemaElement>& elements) {
      for (const auto& e : elements) {
        if (std::find(used.begin(), used.end(), e.name) == used.end()) used.push_back(e.name);
      }
    };
    use(keys);
    for (const auto* list : {&def.local_indexes, &def.global_indexes}) {
      if (*list) {
        for (const IndexDefinition& index : **list) use(index.keys);
      }
    }
    for (const auto& d : defined) {
      if (std::find(used.begin(), used.end(), d.name) == used.end()) {
        throw ApiError::Validation(kInvalid + "Some AttributeDefinitions are not used. AttributeDefinitions: " +
                                   NameList(NamesOf(defined)) + ", keys used: " + NameList(used));
      }
    }
  }

  std::set<std::string> index_names;
  size_t projected = 0;
  auto add = [&](const IndexDefinition& index, IndexInfo info) {
    if (!index_names.insert(index.name).second) {
      throw ApiError::Validation(kInvalid + "Duplicate index name: " + index.name);
    }
    projected += info.non_key_attributes.size();
    table->indexes.push_back(std::move(info));
  };
  if (def.local_indexes) {
    if (def.local_indexes->empty()) throw ApiError::Validation(kInvalid + "List of LocalSecondaryIndexes is empty");
    if (!table->key_space.schema.range) {
      throw ApiError::Validation(kInvalid +
                                 "Table KeySchema does not have a range key, which is required when specifying a "
                                 "LocalSecondaryIndex");
    }
    for (const IndexDefinition& index : *def.local_indexes) {
      add(index, CheckIndex(index, defined, table->key_space.schema));
    }
    if (def.local_indexes->size() > kMaxLocalIndexes) {
      throw ApiError::Validation(kInvalid + "Number of LocalSecondaryIndexes exceeds per-table limit of 5");
    }
  }
  if (def.global_indexes) {
    if (def.global_indexes->empty()) throw ApiError::Validation(kInvalid + "List of GlobalSecondaryIndexes is empty");
    for (const IndexDefinition& index : *def.global_indexes) {
      IndexInfo info = CheckIndex(index, defined, table->key_space.schema);
      CheckGlobalThroughput(index, billing, &info);
      add(index, std::move(info));
    }
    if (def.global_indexes->size() > kMaxGlobalIndexes) {
      throw ApiError::Validation(kInvalid + "GlobalSecondaryIndex count exceeds the per-table limit of 20");
    }
  }
  if (projected > kMaxProjectedAttributes) {
    throw ApiError::Validation(kInvalid + "Number of projected attributes in all indexes exceeds limit of 100");
  }
  table->attribute_definitions = defined;
}

IndexInfo CheckNewGlobalIndex(const IndexDefinition& index, const std::vector<AttributeDefinition>& definitions,
                              const TableInfo& table) {
  IndexInfo info = CheckIndex(index, definitions, table.key_space.schema);
  size_t projected = info.non_key_attributes.size();
  for (const IndexInfo& existing : table.indexes) projected += existing.non_key_attributes.size();
  if (projected > kMaxProjectedAttributes) {
    throw ApiError::Validation(kInvalid + "Number of projected attributes in all indexes exceeds limit of 100");
  }
  return info;
}

}  // namespace eddy
