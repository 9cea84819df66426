#include "host/profile_reader.hpp"

#include <yaml-cpp/yaml.h>

#include "host/environment_variable.hpp"

namespace dbt_session::host {
namespace {

std::optional<std::string> scalar(const YAML::Node& node, const char* key) {
  const YAML::Node value = node[key];
  if (!value || !value.IsScalar()) return std::nullopt;
  return value.as<std::string>();
}

// dbt's order: --profiles-dir, $DBT_PROFILES_DIR, the current directory, ~/.dbt.
std::optional<fs::path> profiles_file(const ProfileLookup& lookup) {
  if (auto dir = flag_value(lookup.dbt_args, "--profiles-dir"))
    return fs::path(*dir) / "profiles.yml";
  if (lookup.profiles_dir_env) return fs::path(*lookup.profiles_dir_env) / "profiles.yml";
  if (fs::exists(lookup.cwd / "profiles.yml")) return lookup.cwd / "profiles.yml";
  if (lookup.home) return fs::path(*lookup.home) / ".dbt" / "profiles.yml";
  return std::nullopt;
}

// dbt's order: --project-dir, $DBT_PROJECT_DIR, else the nearest directory from the
// current one upwards that holds a dbt_project.yml (dbt.cli.resolvers.default_project_dir).
std::optional<fs::path> project_file(const ProfileLookup& lookup) {
  if (auto dir = flag_value(lookup.dbt_args, "--project-dir"))
    return fs::path(*dir) / "dbt_project.yml";
  if (lookup.project_dir_env) return fs::path(*lookup.project_dir_env) / "dbt_project.yml";
  for (fs::path dir = lookup.cwd; !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / "dbt_project.yml")) return dir / "dbt_project.yml";
    if (dir == dir.parent_path()) break;
  }
  return std::nullopt;
}

// --profile, $DBT_PROFILE, else the project's `profile`.
std::optional<std::string> profile_name(const ProfileLookup& lookup) {
  if (auto name = flag_value(lookup.dbt_args, "--profile")) return name;
  if (lookup.profile_env) return lookup.profile_env;
  const auto file = project_file(lookup);
  if (!file || !fs::exists(*file)) return std::nullopt;
  return scalar(YAML::LoadFile(file->string()), "profile");
}

// The option in dbt's arguments whose value is `value` ("--flag value" or "--flag=value", read
// by flag_value as every other option of dbt's the host looks at).
std::optional<std::string> option_with_value(const std::vector<std::string>& args,
                                             const std::string& value) {
  for (const std::string& word : args) {
    if (word.rfind("--", 0) != 0) continue;
    const std::string flag = word.substr(0, word.find('='));
    if (flag_value(args, flag) == value) return flag;
  }
  return std::nullopt;
}

std::string kind_of(const YAML::Node& node) {
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  return "'" + node.as<std::string>() + "'";
}

}  // namespace

ProfileLookup profile_lookup(const std::vector<std::string>& dbt_args) {
  return {dbt_args,
          environment_variable("DBT_PROFILES_DIR"),
          environment_variable("DBT_PROJECT_DIR"),
          environment_variable("DBT_TARGET"),
          fs::current_path(),
          environment_variable("HOME"),
          environment_variable("DBT_PROFILE")};
}

std::string explain_usage_error(const std::string& message, const ProfileLookup& lookup) {
  // click.Path(exists=True)'s message (click/types.py): "{Path|File|Directory} {path!r} does not
  // exist.", the path in single quotes, or in double quotes when it holds a single quote.
  static const std::string kEnd = " does not exist.";
  const auto space = message.find(' ');
  if (space == std::string::npos || message.size() < space + 3 + kEnd.size() ||
      message.compare(message.size() - kEnd.size(), kEnd.size(), kEnd) != 0)
    return message;
  const std::string quoted = message.substr(space + 1, message.size() - kEnd.size() - space - 1);
  if ((quoted.front() != '\'' && quoted.front() != '"') || quoted.back() != quoted.front())
    return message;
  const std::string path = quoted.substr(1, quoted.size() - 2);
  if (auto option = option_with_value(lookup.dbt_args, path)) return *option + ": " + message;
  if (lookup.profiles_dir_env == path) return "DBT_PROFILES_DIR: " + message;
  if (lookup.project_dir_env == path) return "DBT_PROJECT_DIR: " + message;
  if (lookup.home && fs::path(*lookup.home) / ".dbt" == fs::path(path)) {
    return message.substr(0, message.size() - 1) +
           ": no profiles.yml found. dbt reads it from --profiles-dir, else $DBT_PROFILES_DIR, "
           "else the current directory, else ~/.dbt";
  }
  return message;
}

std::optional<std::string> profile_shape_problem(const ProfileLookup& lookup) {
  try {
    const auto file = profiles_file(lookup);
    if (!file || !fs::exists(*file)) return std::nullopt;
    const std::string where = "profiles.yml (" + file->string() + "): ";
    const YAML::Node root = YAML::LoadFile(file->string());
    if (root.IsSequence() || root.IsScalar()) {
      return where + "the file must map profile names to profiles (it is " + kind_of(root) + ")";
    }
    if (!flag_value(lookup.dbt_args, "--profile") && !lookup.profile_env) {
      const auto project = project_file(lookup);
      if (project && fs::exists(*project)) {
        const YAML::Node named = YAML::LoadFile(project->string())["profile"];
        if (named && (named.IsSequence() || named.IsMap())) {
          return "dbt_project.yml (" + project->string() +
                 "): `profile` must be the name of a profile in profiles.yml (it is " +
                 kind_of(named) + ")";
        }
      }
    }
    const auto profile = profile_name(lookup);
    if (!profile || !root.IsMap() || !root[*profile] || !root[*profile].IsMap())
      return std::nullopt;
    const YAML::Node entry = root[*profile];
    const std::string of = " of profile '" + *profile + "' ";
    if (entry["target"] && (entry["target"].IsSequence() || entry["target"].IsMap())) {
      return where + "`target`" + of + "must be the name of one of its outputs (it is " +
             kind_of(entry["target"]) + ")";
    }
    const YAML::Node outputs = entry["outputs"];
    if (outputs && (outputs.IsSequence() || outputs.IsScalar())) {
      return where + "`outputs`" + of +
             "must map target names to their settings, as in `outputs: {dev: {type: databricks, "
             "method: session, schema: ...}}` (it is " +
             kind_of(outputs) + ")";
    }
    return std::nullopt;
  } catch (const YAML::Exception&) {
    return std::nullopt;  // dbt reports malformed YAML with file and line
  }
}

bool is_templated(const std::string& value) {
  // Any Jinja delimiter makes dbt render the value (dbt/clients/jinja.py checks for each).
  for (const char* opener : {"{{", "{%", "{#", "}}", "%}", "#}"}) {
    if (value.find(opener) != std::string::npos) return true;
  }
  return false;
}

std::optional<ProfileTarget> read_profile_target(const ProfileLookup& lookup) {
  try {
    const auto file = profiles_file(lookup);
    const auto profile = profile_name(lookup);
    if (!file || !profile || !fs::exists(*file)) return std::nullopt;
    const YAML::Node root = YAML::LoadFile(file->string());
    const YAML::Node entry = root[*profile];
    if (!entry || !entry.IsMap()) return std::nullopt;

    ProfileTarget result{*file, *profile, "default", std::nullopt, std::nullopt};
    if (auto target = flag_value(lookup.dbt_args, "--target", "-t")) {
      result.target = *target;
    } else if (lookup.target_env) {
      result.target = *lookup.target_env;
    } else if (auto configured = scalar(entry, "target")) {
      result.target = *configured;
    }
    const YAML::Node outputs = entry["outputs"];
    if (!outputs || !outputs[result.target] || !outputs[result.target].IsMap()) return std::nullopt;
    const YAML::Node output = outputs[result.target];
    result.type = scalar(output, "type");
    result.method = scalar(output, "method");
    return result;
  } catch (const YAML::Exception&) {
    return std::nullopt;  // dbt reports malformed YAML with file and line
  }
}

}  // namespace dbt_session::host
