#pragma once
// The table a write statement names, read from the statement's head the way Spark's parser
// sees it: the adapter asks Delta's log for that table's last commit (rows written), so it
// must be the table the statement itself wrote, never one guessed from the model.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dbt_session::bindings {

// The name parts (backticks removed, doubled backticks undone) of the table written by
//   CREATE [OR REPLACE] TABLE [IF NOT EXISTS] <name> ... AS <query>   (CTAS)
//   REPLACE TABLE <name> ... AS <query>
//   INSERT INTO|OVERWRITE [TABLE] <name> ...                         (also REPLACE WHERE)
//   MERGE INTO <name> ...
// after leading whitespace and comments; nullopt for any other statement (views, DDL without
// a query, SELECT, INSERT OVERWRITE DIRECTORY).
std::optional<std::vector<std::string>> written_table(std::string_view statement);

}  // namespace dbt_session::bindings
