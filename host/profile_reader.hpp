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

struct ProfileTarget {
  fs::path file;
  std::string profile;
  std::string target;
  std::optional<std::string> type;    // nullopt when missing
  std::optional<std::string> method;  // nullopt when missing
};

// nullopt when dbt would not find a profile either: dbt reports that itself, better.
std::optional<ProfileTarget> read_profile_target(const ProfileLookup& lookup);

// True when the value is a Jinja expression dbt will render.
bool is_templated(const std::string& value);

}  // namespace dbt_session::host
