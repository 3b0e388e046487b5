#include "server/index_updates.h"

#include <algorithm>
#include <set>

#include "core/api_error.h"

namespace eddy {
namespace {

const std::string kInvalid(kInvalidParameters);

void CheckCreate(const IndexUpdate& update, const IndexUpdates& updates, const TableInfo& current,
                 TableInfo* updated) {
  if (current.FindIndex(update.name)) {
    throw ApiError::Validation("Attempting to create an index which already exists");
  }
  if (!updates.definitions) {
    throw ApiError::Validation(kInvalid + "AttributeDefinitions is not specified for index: " + update.name);
  }
  // The new index's key attributes must keep any type the table already
  // gives them; unrelated definitions in the request are ignored.
  std::vector<AttributeDefinition> definitions = *updates.definitions;
  for (const AttributeDefinition& existing : current.attribute_definitions) {
    auto it = std::find_if(definitions.begin(), definitions.end(), [&](auto& d) { return d.name == existing.name; });
    if (it != definitions.end() && it->type != existing.type) {
      throw ApiError::Validation(kInvalid + "Attributes cannot be redefined. Please check that your attribute has "
                                            "the same type as previously defined.");
    }
  }
  IndexInfo index = CheckNewGlobalIndex(update.create, definitions, current);
  const bool provisioned = updated->billing_mode == BillingMode::kProvisioned;
  if (provisioned && !update.create.throughput) {
    throw ApiError::Validation(kInvalid + "Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: " +
                               update.name);
  }
  if (!provisioned && update.create.throughput) {
    throw ApiError::Validation(kInvalid + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for "
                                          "index: " + update.name + " when BillingMode is PAY_PER_REQUEST");
  }
  const auto globals = std::count_if(current.indexes.begin(), current.indexes.end(), [](auto& i) { return i.global; });
  if (globals >= 20) {
    throw ApiError::LimitExceeded("Subscriber limit exceeded: Number of global secondary indexes exceeds per-table "
                                  "limit of 20");
  }
  if (update.create.throughput) index.throughput = *update.create.throughput;
  index.key_space.id = 0;  // the engine assigns it
  // The table's AttributeDefinitions gain the new key attributes.
  std::vector<const KeyAttribute*> keys = index.key_space.schema.HashParts();
  for (const KeyAttribute* key : index.key_space.schema.RangeParts()) keys.push_back(key);
  for (const KeyAttribute* key : keys) {
    auto& defs = updated->attribute_definitions;
    if (std::none_of(defs.begin(), defs.end(), [&](auto& d) { return d.name == key->name; })) {
      defs.push_back({key->name, key->type});
    }
  }
  updated->indexes.push_back(std::move(index));
}

const IndexInfo& ExistingGlobalIndex(const IndexUpdate& update, const TableInfo& current, const char* verb) {
  const IndexInfo* index = current.FindIndex(update.name);
  if (!index) {
    throw ApiError::ResourceNotFound("Requested resource not found: Index " + update.name + " for table " +
                                     current.name);
  }
  if (!index->global) {
    throw ApiError::Validation(std::string("Cannot ") + verb + " an index that is not a GlobalSecondaryIndex: " +
                               update.name);
  }
  return *index;
}

IndexInfo& Mutable(TableInfo* table, const std::string& name) {
  return *std::find_if(table->indexes.begin(), table->indexes.end(), [&](auto& i) { return i.name == name; });
}

void CheckUpdate(const IndexUpdate& update, const TableInfo& current, TableInfo* updated) {
  const IndexInfo& index = ExistingGlobalIndex(update, current, "update");
  if (!update.throughput) return;  // OnDemandThroughput or WarmThroughput only
  if (updated->billing_mode == BillingMode::kPayPerRequest) {
    throw ApiError::Validation(kInvalid + "The only Updates for index: " + update.name +
                               " when TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, "
                               "WarmThroughput");
  }
  const ProvisionedThroughput& now = index.throughput;
  const ProvisionedThroughput& wanted = *update.throughput;
  if (now.read_capacity_units == wanted.read_capacity_units && now.write_capacity_units == wanted.write_capacity_units) {
    const std::string r = std::to_string(now.read_capacity_units), w = std::to_string(now.write_capacity_units);
    throw ApiError::Validation("The provisioned throughput for the index " + update.name +
                               " will not change. The requested value equals the current value. Current "
                               "ReadCapacityUnits provisioned for index " + update.name + ": " + r +
                               ". Requested ReadCapacityUnits: " + r + ". Current WriteCapacityUnits provisioned "
                               "for index " + update.name + ": " + w + ". Requested WriteCapacityUnits: " + w +
                               ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to "
                               "request higher limits.");
  }
  Mutable(updated, update.name).throughput = wanted;
}

void CheckDelete(const IndexUpdate& update, const TableInfo& current, TableInfo* updated) {
  ExistingGlobalIndex(update, current, "delete");
  Mutable(updated, update.name).status = IndexStatus::kDeleting;
}

}  // namespace

IndexUpdates ReadIndexUpdates(const JsonValue& request, ConstraintErrors& errors) {
  IndexUpdates out;
  const JsonValue* list = ArrayMember(request, "GlobalSecondaryIndexUpdates");
  if (!list) return out;
  out.given = true;
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    const JsonValue& entry = AsObject((*list)[i]);
    const std::string field = "globalSecondaryIndexUpdates." + std::to_string(i + 1) + ".member";
    const JsonValue* create = ObjectMember(entry, "Create");
    const JsonValue* update = ObjectMember(entry, "Update");
    const JsonValue* del = ObjectMember(entry, "Delete");
    const int actions = (create != nullptr) + (update != nullptr) + (del != nullptr);
    if (actions == 0) {
      throw ApiError::Validation(kInvalid + "One of GlobalSecondaryIndexUpdate.Update, "
                                            "GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete "
                                            "must not be null");
    }
    if (actions > 1) {
      throw ApiError::Validation(kInvalid + "Only one global secondary index action is allowed per "
                                            "GlobalSecondaryIndexUpdate object");
    }
    IndexUpdate u;
    if (create) {
      u.action = IndexUpdate::Action::kCreate;
      u.create = ReadIndexDefinition(*create, field + ".create", true, errors);
      u.name = u.create.name;
    } else {
      const JsonValue& body = update ? *update : *del;
      const std::string member = field + (update ? ".update" : ".delete");
      u.action = update ? IndexUpdate::Action::kUpdate : IndexUpdate::Action::kDelete;
      auto name = StringMember(body, "IndexName");
      errors.TableName(name, member + ".indexName");
      if (name) u.name = std::string(*name);
      if (update) {
        u.throughput = ReadThroughput(body, member, errors);
        // OnDemandThroughput and WarmThroughput are accepted and not kept.
        if (!u.throughput && !ObjectMember(body, "OnDemandThroughput") && !ObjectMember(body, "WarmThroughput")) {
          errors.NotNull(member + ".provisionedThroughput");
        }
      }
    }
    out.updates.push_back(std::move(u));
  }
  if (const JsonValue* definitions = ArrayMember(request, "AttributeDefinitions")) {
    out.definitions = ReadAttributeDefinitions(*definitions, errors);
  }
  return out;
}

void CheckIndexUpdates(const IndexUpdates& updates, bool other_changes, bool changes_throughput,
                       bool changes_stream) {
  if (!updates.given) return;
  if (updates.updates.empty()) {
    if (other_changes) throw ApiError::Validation(kInvalid + "List of GlobalSecondaryIndexUpdates is empty");
    return;
  }
  std::set<std::string> names;
  int creates_or_deletes = 0;
  for (const IndexUpdate& u : updates.updates) {
    if (!names.insert(u.name).second) {
      throw ApiError::Validation(kInvalid + "Only one global secondary index update per index is allowed "
                                            "simultaneously. Index: " + u.name);
    }
    if (u.action != IndexUpdate::Action::kUpdate) ++creates_or_deletes;
  }
  if (creates_or_deletes > 1) {
    throw ApiError::LimitExceeded("Subscriber limit exceeded: Only 1 online index can be created or deleted "
                                  "simultaneously per table");
  }
  if (creates_or_deletes == 1 && changes_throughput) {
    throw ApiError::Validation(kInvalid + "You cannot create or delete index while updating table IOPS");
  }
  if (creates_or_deletes == 1 && changes_stream) {
    throw ApiError::Validation(kInvalid + "You cannot create or delete index while changing stream status");
  }
}

void ApplyIndexUpdates(const IndexUpdates& updates, const TableInfo& current, TableInfo* updated) {
  const bool busy = std::any_of(current.indexes.begin(), current.indexes.end(),
                                [](auto& i) { return i.status != IndexStatus::kActive; });
  for (const IndexUpdate& u : updates.updates) {
    if (u.action != IndexUpdate::Action::kUpdate && busy) {
      throw ApiError::LimitExceeded("Subscriber limit exceeded: Only 1 online index can be created or deleted "
                                    "simultaneously per table");
    }
  }
  for (const IndexUpdate& u : updates.updates) {
    switch (u.action) {
      case IndexUpdate::Action::kCreate: CheckCreate(u, updates, current, updated); break;
      case IndexUpdate::Action::kUpdate: CheckUpdate(u, current, updated); break;
      case IndexUpdate::Action::kDelete: CheckDelete(u, current, updated); break;
    }
  }
  // A table that becomes PROVISIONED needs throughput for each of its GSIs,
  // given in the same request.
  if (current.billing_mode == BillingMode::kPayPerRequest && updated->billing_mode == BillingMode::kProvisioned) {
    for (const IndexInfo& index : updated->indexes) {
      if (index.global && index.status != IndexStatus::kDeleting && index.throughput.read_capacity_units == 0) {
        throw ApiError::Validation(kInvalid + "ProvisionedThroughput must be specified for index: " + index.name);
      }
    }
  }
}

}  // namespace eddy
