# Routed Pod traffic (Pod to Pod through the node, NodePort to Pod) needs the node to forward.
if (.node.ipForward | tostring) == "1" then
  "ok: the node forwards IPv4 packets (net.ipv4.ip_forward = 1)"
else
  "problem: net.ipv4.ip_forward is \(.node.ipForward) on the node: it drops every packet it should route, Pod to Pod and NodePort to Pod"
end
