/// Every host-side script of commit-confirm, as the host runs it. The bodies are raw string
/// literals (no Swift escapes: the text is the shell) rather than bundled `.sh` resources, so
/// that the one `iptfleet` binary carries them without a resource bundle to install and find.
/// They name the markers of `HostStateDirectory.Marker` as files in a change's directory.
public enum HostScripts {
    /// All of them: the tests shellcheck each and parse it under sh, dash and busybox sh.
    public static let all = [revert, disarm, revertStatus, rollback]

    /// `revert.sh`, written into the pending directory when a change is armed: undoes the change
    /// recorded in its own directory unless it was confirmed. Used by the timer, by a failing
    /// apply, by `iptfleet rollback` (on the previous change), and at boot (`revert.sh boot`: the
    /// kernel's tables start empty and the firewall unit, ordered after it, builds them from the
    /// restored files, so only the files, the unit's state and the services are put back, without
    /// waiting for any service to start). It finds the state directory as its directory's parent.
    public static let revert = HostScript(name: "revert.sh", parameters: [], body: #"""
        #!/bin/sh
        # Written by iptfleet. Puts back what the host had before the change recorded in this
        # directory: the files, the unit's state, the firewall services and the filter tables.
        # Does nothing once the change is confirmed.
        set -u
        export LC_ALL=C
        dir=$(cd "$(dirname "$0")" && pwd)
        state=$(dirname "$dir")
        boot=${1:-}
        say() { echo "iptfleet revert: $*"; }
        # One at a time with arming and confirming (the apply that armed this change and fails
        # holds the lock already and says so).
        if [ "${IPTFLEET_LOCK_HELD:-}" != 1 ]; then
          exec 9>>"$state/change.lock"
          flock -w 120 9 || { say "the lock $state/change.lock is held for 2 minutes: not undoing now"; exit 1; }
        fi
        if ! mv "$dir/armed" "$dir/reverting" 2>/dev/null; then
          # At boot, also finish an undo that the shutdown interrupted.
          { [ "$boot" = boot ] && [ -e "$dir/reverting" ]; } || exit 0
        fi
        unit=$(cat "$dir/unit-name")
        if [ "$(cat "$dir/unit-active")" != active ]; then
          if [ "$boot" = boot ]; then systemctl stop --no-block -- "$unit"; else systemctl stop -- "$unit"; fi >/dev/null 2>&1
        fi
        if [ "$(cat "$dir/unit-enabled")" != enabled ]; then systemctl disable --quiet --no-reload -- "$unit" >/dev/null 2>&1; fi
        while read -r index kind path; do
          if [ "$kind" = present ]; then
            { cp -p "$dir/files/$index" "$path.iptfleet-revert" && mv -f "$path.iptfleet-revert" "$path"; } || say "cannot restore $path"
          else
            rm -f "$path"
          fi
        done < "$dir/files.list"
        systemctl daemon-reload
        if [ "$(cat "$dir/unit-enabled")" = enabled ]; then systemctl enable --quiet --no-reload -- "$unit" >/dev/null 2>&1; fi
        while read -r service; do
          [ -n "$service" ] || continue
          if [ "$boot" = boot ]; then systemctl enable --now --no-block -- "$service"; else systemctl enable --now -- "$service"; fi >/dev/null 2>&1 \
            || say "cannot re-enable $service"
        done < "$dir/services"
        if [ -f "$dir/created-firewall-services" ]; then rm -f "$state/firewall-services"; fi
        # The rules last, so that nothing above (a service's start, the unit's stop) changes them again.
        [ "$boot" = boot ] || for family in iptables ip6tables; do
          for mode in nft legacy; do
            tool=$family-$mode
            command -v "$tool-restore" >/dev/null 2>&1 || continue
            if [ -s "$dir/rules/$tool" ]; then
              "$tool-restore" < "$dir/rules/$tool" || say "cannot restore the $tool rules"
              continue
            fi
            # The table did not exist before: leave it open if it exists now.
            if [ $mode = legacy ]; then
              names=/proc/net/ip_tables_names; [ $family = ip6tables ] && names=/proc/net/ip6_tables_names
              grep -qx filter "$names" 2>/dev/null || continue
            else
              "$tool-save" -t filter 2>/dev/null | grep -q '^\*filter' || continue
            fi
            printf '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n' | "$tool-restore" || say "cannot open the $tool filter table"
          done
        done
        date -u +%Y-%m-%dT%H:%M:%SZ > "$dir/reverted-at"
        rm -rf "$state/reverted"
        mv "$dir" "$state/reverted"
        say "change $(cat "$state/reverted/id") undone"
        """#)

    /// Prints `iptfleet-confirm=reverted` once change `$id` is undone (waiting up to a minute for
    /// an undo in progress), or what else the host knows of it.
    public static let revertStatus = HostScript(name: "revert-status", parameters: ["id", "pending", "reverted"], body: revertStatusBody)

    private static let revertStatusBody = #"""
        i=0
        while [ $i -lt 60 ]; do
          if [ "$(cat "$reverted/id" 2>/dev/null)" = "$id" ]; then echo iptfleet-confirm=reverted; exit 0; fi
          [ -e "$pending/reverting" ] || break
          sleep 1; i=$((i + 1))
        done
        if [ -e "$pending/armed" ]; then echo iptfleet-confirm=still-armed; else echo iptfleet-confirm=unknown; fi

        """#

    /// The confirmation: disarms change `$id`'s timer if the change is still armed, and keeps the
    /// change as the previous one; otherwise waits for an undo under way, as `revertStatus`.
    public static let disarm = HostScript(name: "disarm", parameters: ["id", "pending", "reverted", "previous", "lock", "timer"], body: #"""
        # An undo under way holds the lock; once it is done the change reads as reverted.
        exec 9>>"$lock"; flock -w 60 9
        armed=''; read -r armed 2>/dev/null < "$pending/id"
        if [ "$armed" = "$id" ] && mv "$pending/armed" "$pending/confirmed" 2>/dev/null; then
          systemctl stop "$timer.timer" >/dev/null 2>&1
          rm -rf "$previous" && mv "$pending" "$previous"
          echo iptfleet-confirm=confirmed
          exit 0
        fi

        """# + revertStatusBody)

    /// `iptfleet rollback`: re-arms the previous (confirmed) change and runs its `revert.sh`,
    /// which succeeds only when change `$id` then reads as undone.
    public static let rollback = HostScript(name: "rollback", parameters: ["id", "previous", "reverted"], body: #"""
        : > "$previous/armed" && sh "$previous/revert.sh" && [ "$(cat "$reverted/id")" = "$id" ]

        """#)
}
