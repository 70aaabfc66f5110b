#include "mcp/engine.hpp"

#include "mcp/detail/engine_impl.hpp"
#include "mcp/jsonrpc.hpp"

#include <vector>

namespace hummel::mcp {

using nlohmann::json;

reply fail(int code, std::string message, int status, json data) {
  reply r;
  r.error = rpc_error{code, std::move(message), std::move(data), status};
  return r;
}

// -- lifetime -----------------------------------------------------------------

engine::impl::impl(backend& b, engine_config c)
  : be(b), cfg(std::move(c)), self(std::make_shared<impl*>(this)) {
  // nop
}

engine::impl::~impl() {
  self.reset(); // late backend callbacks now find an expired handle
  auto all = std::move(open);
  open.clear();
  for (auto& [id, ex] : all)
    if (ex.cancel)
      try {
        ex.cancel();
      } catch (...) {
        // a failing canceller must not break destruction
      }
}

// -- intake -------------------------------------------------------------------

exchange_id engine::impl::intake(std::string_view text, output_fn out,
                                 const http_headers* headers) {
  auto xid = next_id++;
  open[xid].out = std::move(out);
  try {
    if (text.size() > cfg.max_message_bytes) {
      respond(xid, fail(code::invalid_request,
                        "Invalid Request: message larger than "
                          + std::to_string(cfg.max_message_bytes) + " bytes",
                        413));
    } else if (json msg; parse_request(text, msg) == parse_status::too_deep) {
      respond(xid, fail(code::invalid_request,
                        "Invalid Request: nesting deeper than "
                          + std::to_string(max_depth) + " levels",
                        400));
    } else if (msg.is_discarded()) {
      respond(xid, fail(code::parse_error, "Parse error", 400));
    } else if (msg.is_array()) {
      batch(xid, msg);
    } else {
      message(xid, msg, headers);
    }
  } catch (const std::exception& e) {
    abort_exchange(xid, std::string{"Internal error: "} + e.what());
  } catch (...) {
    abort_exchange(xid, "Internal error");
  }
  return open.count(xid) != 0 ? xid : 0;
}

void engine::impl::abort_exchange(exchange_id xid, std::string text) {
  auto i = open.find(xid);
  if (i == open.end())
    return;
  auto cancel = std::move(i->second.cancel);
  try {
    respond(xid, fail(code::internal_error, std::move(text), 500));
  } catch (...) {
    finish(xid, output{output_kind::dropped, 500, {}, false});
  }
  if (cancel)
    cancel();
}

void engine::impl::message(exchange_id xid, json& msg,
                           const http_headers* headers) {
  if (!msg.is_object()) {
    respond(xid, fail(code::invalid_request,
                      "Invalid Request: expected a JSON-RPC object", 400));
    return;
  }
  auto id = msg.find("id");
  bool has_id = id != msg.end();
  bool id_ok = has_id && is_valid_id(*id);
  if (id_ok)
    open.at(xid).request_id = *id;
  bool version_ok = member(msg, "jsonrpc") == "2.0";
  auto method = msg.find("method");
  if (method == msg.end()) {
    // A response to a request of ours (we send none): accept silently.
    bool result = msg.contains("result");
    bool error = msg.contains("error");
    if (has_id && version_ok && result != error)
      finish(xid, output{output_kind::accepted, 202, {}, false});
    else
      respond(xid, fail(code::invalid_request,
                        "Invalid Request: neither a request, a notification "
                        "nor a response",
                        400));
    return;
  }
  auto bad = [&](std::string text) {
    respond(xid, fail(code::invalid_request, "Invalid Request: " + text, 400));
  };
  if (!method->is_string())
    return bad("method must be a string");
  if (!version_ok)
    return bad("jsonrpc must be \"2.0\"");
  if (has_id && !id_ok)
    return bad("id must be a string or an integer");
  const auto& params = member(msg, "params");
  if (!has_id) {
    // A notification: never answered, whatever it holds.
    const auto& name = method->get_ref<const std::string&>();
    if (name == "notifications/cancelled") {
      const auto& rid = member(params, "requestId");
      if (is_valid_id(rid))
        cancel_request(rid);
    }
    finish(xid, output{output_kind::accepted, 202, {}, false});
    return;
  }
  if (!params.is_null() && !params.is_object()) {
    respond(xid, fail(code::invalid_params,
                      "Invalid params: params must be an object", 400));
    return;
  }
  request req;
  req.id = *id;
  req.method = method->get<std::string>();
  req.params = params.is_object() ? std::move(msg["params"]) : json::object();
  req.xid = xid;
  const auto& meta = member(req.params, "_meta");
  if (meta.is_object() && meta.contains(meta::protocol_version)) {
    req.modern = true;
    open.at(xid).modern = true;
    modern(req, headers);
  } else {
    legacy(req, headers);
  }
}

void engine::impl::batch(exchange_id xid, json& msgs) {
  if (msgs.empty()) {
    respond(xid,
            fail(code::invalid_request, "Invalid Request: empty batch", 400));
    return;
  }
  if (!initialized || version != batch_version) {
    respond(xid, fail(code::invalid_request,
                      "Invalid Request: JSON-RPC batches are only accepted "
                      "in sessions of protocol version 2025-03-26",
                      400));
    return;
  }
  auto& parent = open.at(xid);
  parent.batch = true;
  parent.remaining = msgs.size();
  for (auto& msg : msgs) {
    if (open.count(xid) == 0)
      return; // closed meanwhile
    auto child = next_id++;
    open[child].parent = xid;
    try {
      const auto& meta = member(member(msg, "params"), "_meta");
      if (meta.is_object() && meta.contains(meta::protocol_version))
        respond(child, fail(code::invalid_request,
                            "Invalid Request: 2026-07-28 requests cannot be "
                            "batched",
                            400));
      else
        message(child, msg, nullptr);
    } catch (const std::exception& e) {
      abort_exchange(child, std::string{"Internal error: "} + e.what());
    } catch (...) {
      abort_exchange(child, "Internal error");
    }
  }
}

// -- exchanges ----------------------------------------------------------------

void engine::impl::finish(exchange_id xid, output out) {
  auto i = open.find(xid);
  if (i == open.end())
    return;
  auto parent = i->second.parent;
  auto fn = std::move(i->second.out);
  bool listen = i->second.listen;
  open.erase(i);
  if (listen)
    prune_rate_state();
  if (parent == 0) {
    if (fn)
      fn(std::move(out));
    return;
  }
  auto p = open.find(parent);
  if (p == open.end() || --p->second.remaining > 0)
    return;
  if (p->second.responses.empty())
    finish(parent, output{output_kind::accepted, 202, {}, false});
  else
    finish(parent, output{output_kind::response, 200, dump(p->second.responses),
                          false});
}

void engine::impl::emit(exchange_id xid, const json& notification) {
  auto i = open.find(xid);
  if (i == open.end())
    return;
  if (i->second.parent != 0) {
    i = open.find(i->second.parent);
    if (i == open.end())
      return;
  }
  auto fn = i->second.out; // the callback may close the exchange
  if (fn)
    fn(output{output_kind::notification, 200, dump(notification), false});
}

void engine::impl::respond(exchange_id xid, reply r) {
  auto i = open.find(xid);
  if (i == open.end())
    return;
  auto& ex = i->second;
  if (r.rendered && !r.error && ex.parent == 0) {
    finish(xid, output{output_kind::response, 200,
                       rendered_message(ex, *r.rendered), false});
    return;
  }
  json msg;
  int status = 200;
  if (r.error) {
    msg = make_error(ex.request_id, r.error->code, r.error->message,
                     r.error->data);
    status = r.error->status;
  } else {
    if (ex.modern) {
      auto& res = r.result;
      res["resultType"] = "complete";
      res["_meta"][meta::server_info]
        = {{"name", server_name}, {"version", server_version}};
      if (r.ttl_ms >= 0) {
        res["ttlMs"] = r.ttl_ms;
        res["cacheScope"] = r.public_cache ? "public" : "private";
      }
    }
    msg = make_result(ex.request_id, std::move(r.result));
  }
  if (ex.parent != 0) {
    if (auto p = open.find(ex.parent); p != open.end())
      p->second.responses.push_back(std::move(msg));
    finish(xid, output{output_kind::accepted, 202, {}, false});
    return;
  }
  finish(xid, output{output_kind::response, status, dump(msg),
                     r.opens_session && !r.error});
}

void engine::impl::close(exchange_id xid) {
  auto i = open.find(xid);
  if (i == open.end())
    return;
  bool was_batch = i->second.batch;
  bool listen = i->second.listen;
  auto cancel = std::move(i->second.cancel);
  open.erase(i);
  if (was_batch) {
    std::vector<exchange_id> children;
    for (const auto& [id, ex] : open)
      if (ex.parent == xid)
        children.push_back(id);
    for (auto id : children)
      close(id);
  }
  if (listen)
    prune_rate_state();
  if (cancel)
    cancel();
}

void engine::impl::cancel_request(const json& request_id) {
  std::vector<exchange_id> hits;
  // Modern HTTP requests end by closing their stream; on a shared
  // sessionless engine an id names no particular client.
  bool http = cfg.transport == transport_kind::http;
  for (const auto& [id, ex] : open)
    if (!ex.batch && !(http && ex.modern) && ex.request_id == request_id)
      hits.push_back(id);
  for (auto id : hits) {
    auto i = open.find(id);
    if (i == open.end())
      continue;
    auto cancel = std::move(i->second.cancel);
    finish(id, output{output_kind::dropped, 200, {}, false});
    if (cancel)
      cancel();
  }
}

void engine::impl::shutdown() {
  std::vector<exchange_id> ids;
  for (const auto& [id, ex] : open)
    if (!ex.batch)
      ids.push_back(id);
  for (auto id : ids) {
    auto i = open.find(id);
    if (i == open.end())
      continue;
    if (i->second.listen) {
      respond(id, listen_result(i->second));
      continue;
    }
    auto cancel = std::move(i->second.cancel);
    finish(id, output{output_kind::dropped, 200, {}, false});
    if (cancel)
      cancel();
  }
}

// -- public API ---------------------------------------------------------------

engine::engine(backend& be, engine_config cfg)
  : impl_(std::make_unique<impl>(be, std::move(cfg))) {
  // nop
}

engine::~engine() = default;

exchange_id engine::handle(std::string_view message, output_fn out,
                           const http_headers* headers) {
  return impl_->intake(message, std::move(out), headers);
}

void engine::close(exchange_id id) {
  try {
    impl_->close(id);
  } catch (...) {
    // a throwing canceller is the backend's bug; the exchange is gone
  }
}

void engine::set_stream(output_fn out) {
  impl_->stream = std::move(out);
}

void engine::shutdown() {
  try {
    impl_->shutdown();
  } catch (...) {
    // best effort: whatever is left is dropped with the engine
  }
}

bool engine::initialized() const noexcept {
  return impl_->initialized;
}

const std::string& engine::negotiated_version() const noexcept {
  return impl_->version;
}

bool engine::watching() const noexcept {
  for (const auto& [id, ex] : impl_->open)
    if (ex.watch && !ex.watch_cluster)
      return true;
  return false;
}

bool engine::watching_cluster() const noexcept {
  for (const auto& [id, ex] : impl_->open)
    if (ex.watch && ex.watch_cluster)
      return true;
  return false;
}

void engine::watch_delta(uint64_t to, const json& params) {
  impl_->watch_delta(false, to, params);
}

void engine::watch_cluster_delta(uint64_t to, const json& params) {
  impl_->watch_delta(true, to, params);
}

size_t engine::open_exchanges() const noexcept {
  return impl_->open.size();
}

} // namespace hummel::mcp
