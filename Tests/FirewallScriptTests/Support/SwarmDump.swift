/// A swarm node with an encrypted overlay network, assembled (not captured) from what moby's
/// code writes: the ingress chains (DOCKER-INGRESS, docker_gwbridge), the encrypted-overlay
/// VXLAN rules in filter INPUT and the mangle OUTPUT mark (libnetwork/drivers/overlay
/// encryption), plus a user chain that DOCKER-USER jumps to. Everything here must survive.
/// `foreign` are rules that must not: upstream iptables-docker's leftovers and another tool's.
enum SwarmDump {
    static let vxlan = #"-p udp -m udp --dport 4789 -m u32 --u32 "0x0>>0x16&0x3c@0xc&0xffffff00=0x100100""#

    static let docker = #"""
    *mangle
    :PREROUTING ACCEPT [0:0]
    :INPUT ACCEPT [0:0]
    :FORWARD ACCEPT [0:0]
    :OUTPUT ACCEPT [0:0]
    :POSTROUTING ACCEPT [0:0]
    -A OUTPUT \#(vxlan) -j MARK --set-xmark 0xd0c4e3/0xffffffff
    COMMIT
    *filter
    :INPUT ACCEPT [0:0]
    :FORWARD DROP [0:0]
    :OUTPUT ACCEPT [0:0]
    :DOCKER - [0:0]
    :DOCKER-INGRESS - [0:0]
    :DOCKER-ISOLATION-STAGE-1 - [0:0]
    :DOCKER-ISOLATION-STAGE-2 - [0:0]
    :DOCKER-USER - [0:0]
    :OFFICE-ONLY - [0:0]
    -A INPUT -p udp -m policy --dir in --pol ipsec -m udp --dport 4789 -m u32 --u32 "0x0>>0x16&0x3c@0xc&0xffffff00=0x100100" -j ACCEPT
    -A INPUT \#(vxlan) -j DROP
    -A FORWARD -j DOCKER-USER
    -A FORWARD -j DOCKER-INGRESS
    -A FORWARD -j DOCKER-ISOLATION-STAGE-1
    -A FORWARD -o docker_gwbridge -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
    -A FORWARD -o docker_gwbridge -j DOCKER
    -A FORWARD -i docker_gwbridge ! -o docker_gwbridge -j ACCEPT
    -A FORWARD -i docker_gwbridge -o docker_gwbridge -j DROP
    -A DOCKER-INGRESS -p tcp -m tcp --dport 8080 -j ACCEPT
    -A DOCKER-INGRESS -p tcp -m conntrack --ctstate RELATED,ESTABLISHED -m tcp --sport 8080 -j ACCEPT
    -A DOCKER-INGRESS -j RETURN
    -A DOCKER-ISOLATION-STAGE-1 -i docker_gwbridge ! -o docker_gwbridge -j DOCKER-ISOLATION-STAGE-2
    -A DOCKER-ISOLATION-STAGE-1 -j RETURN
    -A DOCKER-ISOLATION-STAGE-2 -o docker_gwbridge -j DROP
    -A DOCKER-ISOLATION-STAGE-2 -j RETURN
    -A DOCKER-USER -j OFFICE-ONLY
    -A DOCKER-USER -j RETURN
    -A OFFICE-ONLY -s 10.231.0.9/32 -j RETURN
    COMMIT
    *nat
    :PREROUTING ACCEPT [0:0]
    :INPUT ACCEPT [0:0]
    :OUTPUT ACCEPT [0:0]
    :POSTROUTING ACCEPT [0:0]
    :DOCKER - [0:0]
    :DOCKER-INGRESS - [0:0]
    -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER-INGRESS
    -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
    -A OUTPUT -m addrtype --dst-type LOCAL -j DOCKER-INGRESS
    -A POSTROUTING -o docker_gwbridge -m addrtype --src-type LOCAL -j MASQUERADE
    -A POSTROUTING -s 172.18.0.0/16 ! -o docker_gwbridge -j MASQUERADE
    -A DOCKER -i docker_gwbridge -j RETURN
    -A DOCKER-INGRESS -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.18.0.2:8080
    -A DOCKER-INGRESS -j RETURN
    COMMIT

    """#

    /// Appended to filter after `docker` is loaded; `start` must drop all of it.
    static let foreign = #"""
    *filter
    :SCANS - [0:0]
    :f2b-sshd - [0:0]
    -A INPUT -i docker_gwbridge -j ACCEPT
    -A OUTPUT -o docker_gwbridge -j ACCEPT
    -A INPUT -p tcp -m multiport --dports 22 -j f2b-sshd
    -A f2b-sshd -j RETURN
    -A SCANS -p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE -j DROP
    COMMIT

    """#
}
