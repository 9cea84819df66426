// host/profile_reader.hpp: the structure of the profile dbt will use, found the way dbt finds it.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/profile_reader.hpp"

#include "tests/cpp/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using dbt_session::host::flag_value;
using dbt_session::host::is_templated;
using dbt_session::host::profile_shape_problem;
using dbt_session::host::ProfileLookup;
using dbt_session::host::ProfileTarget;
using dbt_session::host::read_profile_target;
using Args = std::vector<std::string>;

using dbt_session::testing::TempDir;
using dbt_session::testing::write_file;

constexpr const char* kProfiles = R"(shop:
  target: dev
  outputs:
    dev:
      type: databricks
      method: session
    prod:
      type: databricks
      host: "{{ env_var('DATABRICKS_HOST') }}"
      method: "{{ env_var('DBT_METHOD', 'session') }}"
    bare:
      threads: 4
other:
  outputs:
    default:
      type: spark
)";

// A profiles.yml whose `shop` dev target says where it came from in its type.
std::string profiles_typed(const std::string& type) {
  return "shop:\n  target: dev\n  outputs:\n    dev:\n      type: " + type + "\n";
}

// A project (profile `shop`, the working directory) and a profiles.yml in each place dbt
// looks: --profiles-dir, $DBT_PROFILES_DIR, the working directory and ~/.dbt. Only the
// first has the full profile; the others tell by their type which one was read.
struct Workspace {
  TempDir temp;
  fs::path project = temp.path() / "project";
  fs::path profiles_dir = temp.path() / "profiles";
  fs::path env_profiles_dir = temp.path() / "env-profiles";
  fs::path home = temp.path() / "home";

  Workspace() {
    write_file(project / "dbt_project.yml", "name: shop_project\nversion: '1.0'\nprofile: shop\n");
    write_file(profiles_dir / "profiles.yml", kProfiles);
    write_file(env_profiles_dir / "profiles.yml", profiles_typed("from-env"));
    write_file(project / "profiles.yml", profiles_typed("from-cwd"));
    write_file(home / ".dbt" / "profiles.yml", profiles_typed("from-home"));
  }

  // dbt's arguments with --profiles-dir pointing at the full profile.
  Args with_profiles(Args args) const {
    args.push_back("--profiles-dir");
    args.push_back(profiles_dir.string());
    return args;
  }

  ProfileLookup lookup(const Args& args) const {
    return {args, std::nullopt, std::nullopt, std::nullopt, project, home.string(), std::nullopt};
  }

  std::optional<ProfileTarget> read(const Args& args) const {
    return read_profile_target(lookup(with_profiles(args)));
  }

  // profile_shape_problem of a `run` whose --profiles-dir profiles.yml is `text`.
  std::optional<std::string> shape_problem(const std::string& text) const {
    write_file(profiles_dir / "profiles.yml", text);
    return dbt_session::host::profile_shape_problem(lookup(with_profiles({"run"})));
  }
};

std::optional<std::string> type_read(const ProfileLookup& lookup) {
  const auto target = read_profile_target(lookup);
  return target ? target->type : std::optional<std::string>("(no profile)");
}

}  // namespace

TEST_CASE("the profile named in dbt_project.yml is read with its default target") {
  const Workspace workspace;
  const auto target = workspace.read({"run"});
  REQUIRE(target);
  CHECK(target->file == workspace.profiles_dir / "profiles.yml");
  CHECK(target->profile == "shop");
  CHECK(target->target == "dev");
  CHECK(target->type == "databricks");
  CHECK(target->method == "session");
}

TEST_CASE("--profiles-dir wins over $DBT_PROFILES_DIR, the working directory and ~/.dbt") {
  const Workspace workspace;
  ProfileLookup lookup =
      workspace.lookup({"run", "--profiles-dir", workspace.profiles_dir.string()});
  lookup.profiles_dir_env = workspace.env_profiles_dir.string();
  CHECK(type_read(lookup) == "databricks");

  lookup.dbt_args = {"run", "--profiles-dir=" + workspace.profiles_dir.string()};
  CHECK(type_read(lookup) == "databricks");
}

TEST_CASE("$DBT_PROFILES_DIR wins over the working directory and ~/.dbt") {
  const Workspace workspace;
  ProfileLookup lookup = workspace.lookup({"run"});
  lookup.profiles_dir_env = workspace.env_profiles_dir.string();
  CHECK(type_read(lookup) == "from-env");
}

TEST_CASE("a profiles.yml in the working directory wins over ~/.dbt") {
  const Workspace workspace;
  CHECK(type_read(workspace.lookup({"run"})) == "from-cwd");
}

TEST_CASE("~/.dbt/profiles.yml is read when no other place has one") {
  const Workspace workspace;
  fs::remove(workspace.project / "profiles.yml");
  const auto target = read_profile_target(workspace.lookup({"run"}));
  REQUIRE(target);
  CHECK(target->file == workspace.home / ".dbt" / "profiles.yml");
  CHECK(target->type == "from-home");
}

TEST_CASE("without HOME and with no other profiles.yml there is no profile") {
  const Workspace workspace;
  fs::remove(workspace.project / "profiles.yml");
  ProfileLookup lookup = workspace.lookup({"run"});
  lookup.home.reset();
  CHECK_FALSE(read_profile_target(lookup));
}

TEST_CASE("--profile overrides the profile named in dbt_project.yml") {
  const Workspace workspace;
  for (const Args& args : {Args{"run", "--profile", "other"}, Args{"run", "--profile=other"}}) {
    CAPTURE(args.back());
    const auto target = workspace.read(args);
    REQUIRE(target);
    CHECK(target->profile == "other");
    CHECK(target->type == "spark");
  }
}

TEST_CASE(
    "dbt_project.yml is found through --project-dir, else $DBT_PROJECT_DIR, else the working "
    "directory") {
  const Workspace workspace;
  write_file(workspace.temp.path() / "other-project" / "dbt_project.yml",
             "name: o\nprofile: other\n");
  ProfileLookup lookup = workspace.lookup(workspace.with_profiles({"run"}));
  lookup.cwd = workspace.temp.path() / "nowhere";
  CHECK_FALSE(read_profile_target(lookup));

  lookup.project_dir_env = (workspace.temp.path() / "other-project").string();
  REQUIRE(read_profile_target(lookup));
  CHECK(read_profile_target(lookup)->profile == "other");

  lookup.dbt_args = workspace.with_profiles({"run", "--project-dir", workspace.project.string()});
  REQUIRE(read_profile_target(lookup));
  CHECK(read_profile_target(lookup)->profile == "shop");
}

TEST_CASE("dbt_project.yml in a parent of the working directory is found, as dbt finds it") {
  const Workspace workspace;
  ProfileLookup lookup = workspace.lookup(workspace.with_profiles({"run"}));
  lookup.cwd = workspace.project / "models" / "staging";
  fs::create_directories(lookup.cwd);
  const auto target = read_profile_target(lookup);
  REQUIRE(target);
  CHECK(target->profile == "shop");
}

TEST_CASE("--target and -t choose the target") {
  const Workspace workspace;
  for (const Args& args :
       {Args{"run", "--target", "prod"}, Args{"run", "-t", "prod"}, Args{"run", "--target=prod"}}) {
    CAPTURE(args[1]);
    const auto target = workspace.read(args);
    REQUIRE(target);
    CHECK(target->target == "prod");
  }
}

TEST_CASE("--target wins over $DBT_TARGET, which wins over the profile's own target") {
  const Workspace workspace;
  ProfileLookup lookup = workspace.lookup(workspace.with_profiles({"run", "--target", "bare"}));
  lookup.target_env = "prod";
  REQUIRE(read_profile_target(lookup));
  CHECK(read_profile_target(lookup)->target == "bare");

  lookup.dbt_args = workspace.with_profiles({"run"});
  REQUIRE(read_profile_target(lookup));
  CHECK(read_profile_target(lookup)->target == "prod");
}

TEST_CASE("a profile that names no target uses the target called 'default'") {
  const Workspace workspace;
  const auto target = workspace.read({"run", "--profile", "other"});
  REQUIRE(target);
  CHECK(target->target == "default");
}

TEST_CASE("templated values are reported verbatim, for dbt to render") {
  const Workspace workspace;
  const auto target = workspace.read({"run", "--target", "prod"});
  REQUIRE(target);
  REQUIRE(target->method);
  CHECK(*target->method == "{{ env_var('DBT_METHOD', 'session') }}");
  CHECK(is_templated(*target->method));
}

TEST_CASE("a target without type or method reports them as missing") {
  const Workspace workspace;
  const auto target = workspace.read({"run", "--target", "bare"});
  REQUIRE(target);
  CHECK_FALSE(target->type);
  CHECK_FALSE(target->method);
}

TEST_CASE("is_templated is true for Jinja expressions and false for plain values") {
  CHECK(is_templated("{{ env_var('X') }}"));
  CHECK(is_templated("prefix-{{ target.name }}"));
  CHECK_FALSE(is_templated("session"));
  CHECK_FALSE(is_templated("{ not jinja }"));
  CHECK_FALSE(is_templated(""));
}

TEST_CASE("a Jinja statement block counts as templated") {
  CHECK(is_templated("{% if target.name == 'prod' %}databricks{% else %}spark{% endif %}"));
  CHECK(is_templated("{# comment #}session"));
}

TEST_CASE("a profile that does not exist gives no profile") {
  const Workspace workspace;
  CHECK_FALSE(workspace.read({"run", "--profile", "missing"}));
}

TEST_CASE("a target that does not exist gives no profile") {
  const Workspace workspace;
  CHECK_FALSE(workspace.read({"run", "--target", "missing"}));
}

TEST_CASE("no dbt_project.yml and no --profile gives no profile") {
  const Workspace workspace;
  fs::remove(workspace.project / "dbt_project.yml");
  CHECK_FALSE(workspace.read({"run"}));
  CHECK(workspace.read({"run", "--profile", "shop"}));
}

TEST_CASE("a --profiles-dir without profiles.yml gives no profile") {
  const Workspace workspace;
  fs::create_directories(workspace.temp.path() / "empty");
  const ProfileLookup lookup =
      workspace.lookup({"run", "--profiles-dir", (workspace.temp.path() / "empty").string()});
  CHECK_FALSE(read_profile_target(lookup));
}

TEST_CASE("malformed YAML gives no profile instead of throwing") {
  const Workspace workspace;
  write_file(workspace.profiles_dir / "profiles.yml",
             "shop:\n  outputs: [unclosed\n    dev: {type: x\n");
  std::optional<ProfileTarget> target;
  CHECK_NOTHROW(target = workspace.read({"run"}));
  CHECK_FALSE(target);

  write_file(workspace.profiles_dir / "profiles.yml", kProfiles);
  write_file(workspace.project / "dbt_project.yml", "profile: [shop\n");
  CHECK_NOTHROW(target = workspace.read({"run"}));
  CHECK_FALSE(target);
}

TEST_CASE("a profiles.yml of the wrong shape gives no profile instead of throwing") {
  const Workspace workspace;
  for (const std::string text :
       {"just a string\n", "- a\n- list\n", "shop: not a mapping\n", "shop:\n  outputs: nope\n",
        "shop:\n  outputs:\n    dev: [type, databricks]\n",
        "shop:\n  target: [dev]\n  outputs:\n    dev:\n      type: databricks\n", ""}) {
    CAPTURE(text);
    write_file(workspace.profiles_dir / "profiles.yml", text);
    std::optional<ProfileTarget> target;
    CHECK_NOTHROW(target = workspace.read({"run"}));
    CHECK_FALSE(target);
  }
}

TEST_CASE("a profiles.yml shape dbt-core fails on with a traceback is named by file and key") {
  const Workspace workspace;
  const auto problem = [&](const std::string& text) { return workspace.shape_problem(text); };
  const std::string where =
      "profiles.yml (" + (workspace.profiles_dir / "profiles.yml").string() + "): ";
  CHECK(problem("- a\n- list\n") ==
        where + "the file must map profile names to profiles (it is a list)");
  CHECK(problem("just a string\n") ==
        where + "the file must map profile names to profiles (it is 'just a string')");
  CHECK(problem("shop:\n  target: [dev]\n  outputs:\n    dev: {type: databricks}\n") ==
        where + "`target` of profile 'shop' must be the name of one of its outputs (it is a list)");
  CHECK(problem("shop:\n  target: {a: 1}\n")->find("(it is a mapping)") != std::string::npos);
  for (const std::string outputs : {"[dev]", "5"}) {
    CAPTURE(outputs);
    const auto found = problem("shop:\n  target: dev\n  outputs: " + outputs + "\n");
    REQUIRE(found);
    CHECK(found->rfind(where + "`outputs` of profile 'shop' must map target names to their "
                               "settings, as in `outputs: {dev: {type: databricks",
                       0) == 0);
  }
}

TEST_CASE("a dbt_project.yml whose profile is not a name is named unless --profile overrides it") {
  const Workspace workspace;
  write_file(workspace.project / "dbt_project.yml", "name: shop\nprofile: [shop]\n");
  const auto found = profile_shape_problem(workspace.lookup(workspace.with_profiles({"run"})));
  REQUIRE(found);
  CHECK(*found == "dbt_project.yml (" + (workspace.project / "dbt_project.yml").string() +
                      "): `profile` must be the name of a profile in profiles.yml (it is a list)");
  CHECK_FALSE(profile_shape_problem(
      workspace.lookup(workspace.with_profiles({"run", "--profile", "shop"}))));
}

TEST_CASE("a profiles.yml dbt reads or reports itself has no shape problem") {
  const Workspace workspace;
  const auto problem = [&](const std::string& text) { return workspace.shape_problem(text); };
  CHECK_FALSE(problem(kProfiles));
  CHECK_FALSE(problem(""));                                    // dbt: no profiles found
  CHECK_FALSE(problem("shop: not a mapping\n"));               // dbt: outputs not specified
  CHECK_FALSE(problem("shop:\n  outputs:\n    dev: nope\n"));  // dbt: output misconfigured
  CHECK_FALSE(problem("other:\n  outputs: [x]\n"));            // another profile's mistake
  CHECK_FALSE(problem("shop:\n  outputs: [unclosed\n"));       // dbt names the YAML error's line
  CHECK_FALSE(profile_shape_problem(workspace.lookup({"run", "--profiles-dir", "/nonexistent"})));
}

TEST_CASE("flag_value reads '--flag value', '--flag=value' and the short form") {
  CHECK(flag_value({"run", "--target", "prod"}, "--target") == "prod");
  CHECK(flag_value({"run", "--target=prod"}, "--target") == "prod");
  CHECK(flag_value({"run", "--target="}, "--target") == "");
  CHECK(flag_value({"run", "-t", "prod"}, "--target", "-t") == "prod");
  CHECK(flag_value({"run", "--vars", "{a: 1}", "--target", "a=b"}, "--target") == "a=b");
}

TEST_CASE("flag_value finds nothing for an absent flag, a flag without value or a longer flag") {
  CHECK_FALSE(flag_value({"run"}, "--target"));
  CHECK_FALSE(flag_value({"run", "--target"}, "--target"));
  CHECK_FALSE(flag_value({"run", "-t", "prod"}, "--target"));
  CHECK_FALSE(flag_value({"run", "--profiles-dir", "/p"}, "--profile"));
  CHECK_FALSE(flag_value({"run", "--profiles-dir=/p"}, "--profile"));
  CHECK_FALSE(flag_value({"run", "--target-path", "out"}, "--target", "-t"));
}

TEST_CASE("DBT_PROFILE names the profile when --profile is not given, as in dbt") {
  const Workspace workspace;
  ProfileLookup lookup = workspace.lookup(workspace.with_profiles({"run"}));
  lookup.profile_env = "missing";
  CHECK_FALSE(read_profile_target(lookup));
  lookup.profile_env = "shop";
  REQUIRE(read_profile_target(lookup));
  CHECK(read_profile_target(lookup)->profile == "shop");
}

TEST_CASE("a missing path in dbt's usage error is named by the option or variable that gave it") {
  using dbt_session::host::explain_usage_error;
  ProfileLookup lookup{{"run", "--project-dir", "/p x", "--profiles-dir=/it's"},
                       "/env-profiles",
                       "/env-project",
                       std::nullopt,
                       "/work",
                       "/home/u",
                       std::nullopt};
  CHECK(explain_usage_error("Path '/p x' does not exist.", lookup) ==
        "--project-dir: Path '/p x' does not exist.");
  CHECK(explain_usage_error("Path \"/it's\" does not exist.", lookup) ==
        "--profiles-dir: Path \"/it's\" does not exist.");
  CHECK(explain_usage_error("Path '/env-profiles' does not exist.", lookup) ==
        "DBT_PROFILES_DIR: Path '/env-profiles' does not exist.");
  CHECK(explain_usage_error("Path '/env-project' does not exist.", lookup) ==
        "DBT_PROJECT_DIR: Path '/env-project' does not exist.");
}

TEST_CASE("dbt's fallback profiles folder missing says where dbt looks for profiles.yml") {
  using dbt_session::host::explain_usage_error;
  const ProfileLookup lookup{{"run"}, std::nullopt, std::nullopt, std::nullopt,
                             "/work", "/home/u",    std::nullopt};
  CHECK(explain_usage_error("Path '/home/u/.dbt' does not exist.", lookup) ==
        "Path '/home/u/.dbt' does not exist: no profiles.yml found. dbt reads it from "
        "--profiles-dir, else $DBT_PROFILES_DIR, else the current directory, else ~/.dbt");
}

TEST_CASE("other usage errors are passed on as dbt wrote them") {
  using dbt_session::host::explain_usage_error;
  const ProfileLookup lookup{{"run", "--state", "/s"},
                             std::nullopt,
                             std::nullopt,
                             std::nullopt,
                             "/work",
                             "/home/u",
                             std::nullopt};
  CHECK(explain_usage_error("No such option: --bogus", lookup) == "No such option: --bogus");
  CHECK(explain_usage_error("Path '/elsewhere' does not exist.", lookup) ==
        "Path '/elsewhere' does not exist.");
  CHECK(explain_usage_error("Path '' does not exist.", lookup) == "Path '' does not exist.");
  CHECK(explain_usage_error("Path ' does not exist.", lookup) == "Path ' does not exist.");
  CHECK(explain_usage_error(" does not exist.", lookup) == " does not exist.");
}
