#pragma once

// The one place where atoms and types that cross an actor boundary get an
// ID. Append only: the order is a wire contract.

#include "messages/cluster_view.hpp"
#include "messages/cluster_wire.hpp"
#include "messages/process_snapshot.hpp"

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/type_id.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hummel {

struct status_delta;
struct config_diff;
struct project_config;
struct log_query;
struct log_page;
struct error_query;
struct error_page;
struct mcp_request;
class mcp_channel;

} // namespace hummel

#define HUMMEL_ADD_ATOM(name, text)                                            \
  CAF_ADD_ATOM(hummel, hummel::atom, name, text)

CAF_BEGIN_TYPE_ID_BLOCK(hummel, caf::first_custom_type_id)

  // Atoms: the text (<= 10 chars) is required by 0.17.
  HUMMEL_ADD_ATOM(update, "update")
  HUMMEL_ADD_ATOM(flush, "flush")
  HUMMEL_ADD_ATOM(subscribe, "subscribe")
  HUMMEL_ADD_ATOM(delta, "delta")
  HUMMEL_ADD_ATOM(start, "start")
  HUMMEL_ADD_ATOM(stop, "stop")
  HUMMEL_ADD_ATOM(restart, "restart")
  HUMMEL_ADD_ATOM(mark, "mark")
  HUMMEL_ADD_ATOM(started, "started")
  HUMMEL_ADD_ATOM(output, "output")
  HUMMEL_ADD_ATOM(exited, "exited")
  HUMMEL_ADD_ATOM(usage, "usage")
  HUMMEL_ADD_ATOM(probe, "probe")
  HUMMEL_ADD_ATOM(probed, "probed")
  HUMMEL_ADD_ATOM(event, "event")
  HUMMEL_ADD_ATOM(shutdown, "shutdown")
  HUMMEL_ADD_ATOM(status, "status")
  HUMMEL_ADD_ATOM(logs, "logs")
  HUMMEL_ADD_ATOM(due, "due")
  HUMMEL_ADD_ATOM(run, "run")
  HUMMEL_ADD_ATOM(boot, "boot")
  HUMMEL_ADD_ATOM(all, "all")
  HUMMEL_ADD_ATOM(request, "request")
  HUMMEL_ADD_ATOM(close, "close")
  HUMMEL_ADD_ATOM(stream, "stream")
  HUMMEL_ADD_ATOM(tick, "tick")
  HUMMEL_ADD_ATOM(follow, "follow")
  HUMMEL_ADD_ATOM(retry, "retry")
  HUMMEL_ADD_ATOM(report, "report")
  HUMMEL_ADD_ATOM(linked, "linked")
  HUMMEL_ADD_ATOM(sync, "sync")
  HUMMEL_ADD_ATOM(changed, "changed")
  HUMMEL_ADD_ATOM(watch, "watch")
  HUMMEL_ADD_ATOM(reload, "reload")
  HUMMEL_ADD_ATOM(remove, "remove")
  HUMMEL_ADD_ATOM(errors, "errors")
  HUMMEL_ADD_ATOM(clear, "clear")

CAF_END_TYPE_ID_BLOCK(hummel)

#undef HUMMEL_ADD_ATOM

// Local-only payloads: they never cross the network. What crosses it
// (messages/cluster_wire.hpp) has `inspect` overloads and is registered by
// name in prepare.cpp.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(hummel::snapshot_ptr)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(hummel::process_def)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(hummel::run_event)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(hummel::status_delta)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(hummel::log_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(hummel::log_page)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(hummel::error_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(hummel::error_page)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(hummel::mcp_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::shared_ptr<hummel::mcp_channel>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<hummel::snapshot_ptr>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(hummel::peer_report)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::shared_ptr<const hummel::project_config>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(hummel::config_diff)
