#include "messages/prepare.hpp"

#include "messages/error.hpp"
#include "messages/interfaces.hpp"

#include <caf/actor_system_config.hpp>
#include <caf/atom.hpp>

namespace hummel {

void prepare(caf::actor_system_config& cfg) {
  cfg.add_message_types<caf::id_block::hummel>();
  // What crosses the network between cluster nodes (both sides register
  // the same names; typed handles included).
  cfg.add_message_type<process_snapshot>("hummel::process_snapshot");
  cfg.add_message_type<node_view>("hummel::node_view");
  cfg.add_message_type<node_delta>("hummel::node_delta");
  cfg.add_message_type<node_sink_actor>("hummel::node_sink_actor");
  cfg.add_message_type<node_actor>("hummel::node_actor");
  cfg.add_error_category(caf::atom("hummel"), [](uint8_t code, caf::atom_value,
                                                 const caf::message& ctx) {
    auto result = "hummel::" + to_string(static_cast<ec>(code));
    if (!ctx.empty())
      result += to_string(ctx);
    return result;
  });
}

} // namespace hummel
