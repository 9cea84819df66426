#include "bindings/written_table.hpp"

#include "bindings/statement_head.hpp"

namespace dbt_session::bindings {
namespace {

// CREATE [OR REPLACE] TABLE ... AS, REPLACE TABLE ... AS: the head after CREATE/REPLACE.
std::optional<std::vector<std::string>> created_table(StatementHead& head) {
  if (!head.accept("TABLE")) return std::nullopt;
  if (head.accept("IF")) {
    if (!head.accept("NOT") || !head.accept("EXISTS")) return std::nullopt;
  }
  auto name = head.name();
  if (!name || !head.query_follows()) return std::nullopt;
  return name;
}

}  // namespace

std::optional<std::vector<std::string>> written_table(std::string_view statement) {
  StatementHead head(statement);
  const std::string verb = head.word();
  if (verb == "CREATE") {
    if (head.accept("OR") && !head.accept("REPLACE")) return std::nullopt;
    return created_table(head);
  }
  if (verb == "REPLACE") return created_table(head);
  if (verb == "MERGE") return head.accept("INTO") ? head.name() : std::nullopt;
  if (verb == "INSERT") {
    if (!head.accept("INTO") && !head.accept("OVERWRITE")) return std::nullopt;
    if (head.accept("DIRECTORY") || head.accept("LOCAL")) return std::nullopt;
    head.accept("TABLE");
    return head.name();
  }
  return std::nullopt;
}

}  // namespace dbt_session::bindings
