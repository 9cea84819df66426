#pragma once
// Reads the structure of the profile dbt is about to use (profile -> target -> type,
// method) with yaml-cpp, to tell the user early what will run. Values are Jinja in dbt
// (`{{ env_var(...) }}`), so only dbt renders them: a templated value is reported as such
// and dbt's own rendering stays the source of truth.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "host/command_line.hpp"

namespace dbt_session::host {

namespace fs = std::filesystem;

struct ProfileLookup {
  std::vector<std::string> dbt_args;  // --profiles-dir, --project-dir, --profile, --target
  std::optional<std::string> profiles_dir_env;  // $DBT_PROFILES_DIR
  std::optional<std::string> project_dir_env;   // $DBT_PROJECT_DIR
  std::optional<std::string> target_env;        // $DBT_TARGET
  fs::path cwd;
  std::optional<std::string> home;
  std::optional<std::string> profile_env;  // $DBT_PROFILE
};

// The lookup for dbt's arguments in this process: its environment and working directory.
ProfileLookup profile_lookup(const std::vector<std::string>& dbt_args);

struct ProfileTarget {
  fs::path file;
  std::string profile;
  std::string target;
  std::optional<std::string> type;    // nullopt when missing
  std::optional<std::string> method;  // nullopt when missing
};

// nullopt when dbt would not find a profile either: dbt reports that itself, better.
std::optional<ProfileTarget> read_profile_target(const ProfileLookup& lookup);

// What is wrong with the structure of the profile dbt reads, where dbt-core itself fails with a
// Python traceback (TypeError, AttributeError) instead of naming the key: profiles.yml not a
// mapping of profile names, dbt_project.yml's `profile` not a name, or the profile's `target`
// not a name or its `outputs` not a mapping of target names. The file and the key are named.
// nullopt when none of those is wrong, or no such file is read; every other problem dbt reports
// well itself.
std::optional<std::string> profile_shape_problem(const ProfileLookup& lookup);

// What the host says for dbt's usage error `message`. dbtRunner passes on only click's message,
// which for a path option names the path but not the option ("Path '/x' does not exist."): the
// option or variable that gave dbt that path is put in front, and for the profiles folder dbt
// falls back to (~/.dbt) where dbt looks for profiles.yml is said. Other messages unchanged.
std::string explain_usage_error(const std::string& message, const ProfileLookup& lookup);

// True when the value is a Jinja expression dbt will render.
bool is_templated(const std::string& value);

}  // namespace dbt_session::host
