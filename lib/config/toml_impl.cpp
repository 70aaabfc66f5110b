// toml++'s implementation, compiled once here. The config readers include
// toml++ with TOML_HEADER_ONLY=0 (lib/config/CMakeLists.txt) instead of
// linking Debian's shared libtomlplusplus: `hummel` is linked statically
// (main/CMakeLists.txt), and Debian ships no static toml++.

#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
