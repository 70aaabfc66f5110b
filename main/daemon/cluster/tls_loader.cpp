#include "common/paths.hpp"
#include "main/daemon/cluster/tls_module.hpp"

#include <dlfcn.h>

namespace hummel {

namespace {

std::variant<const tls_module*, std::string> open_module() {
  namespace fs = std::filesystem;
  auto dir = self_dir();
  const fs::path candidates[] = {
    dir / tls_module_file,
    dir / ".." / HUMMEL_INSTALL_LIBDIR / "hummel" / tls_module_file,
  };
  std::string tried;
  for (const auto& path : candidates) {
    std::error_code err;
    if (!fs::exists(path, err)) {
      tried += (tried.empty() ? "" : ", ") + path.lexically_normal().string();
      continue;
    }
    // RTLD_LOCAL: OpenSSL's symbols stay out of the global scope, so the
    // module's wrappers come before libssl for libcaf_openssl.
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr)
      return "cannot open " + path.string() + ": " + ::dlerror();
    using entry_fn = const tls_module* (*)();
    auto* entry
      = reinterpret_cast<entry_fn>(::dlsym(handle, tls_module_symbol));
    if (entry == nullptr)
      return path.string() + " is not hummel's TLS module (no "
             + tls_module_symbol + ")";
    const auto* module = entry();
    if (module == nullptr || module->abi != tls_module_abi)
      return path.string() + " belongs to another hummel build (module "
             + std::to_string(module == nullptr ? 0 : module->abi)
             + ", this daemon needs " + std::to_string(tls_module_abi) + ")";
    return module; // never closed: CAF keeps pointers into it
  }
  return std::string{"cluster TLS needs "} + tls_module_file
         + ", which is not installed (looked for " + tried + ")";
}

} // namespace

std::variant<const tls_module*, std::string> load_tls_module() {
  static const auto result = open_module();
  return result;
}

} // namespace hummel
