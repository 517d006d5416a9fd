/// Every host-side script of commit-confirm, as the host runs it. The bodies are raw string
/// literals (no Swift escapes: the text is the shell) rather than bundled `.sh` resources, so
/// that the one `iptfleet` binary carries them without a resource bundle to install and find.
/// They name the markers of `HostStateDirectory.Marker` as files in a change's directory.
public enum HostScripts {
    /// All of them: the tests shellcheck each and parse it under sh, dash and busybox sh.
    public static let all = [arm, revert, disarm, revertStatus, rollback]

    /// The iptables backends whose `filter` tables a change records (`arm`) and puts back
    /// (`revert.sh`): shell functions both scripts define. Only the `filter` table: iptfleet's
    /// rules live there, and Docker's `nat` rules are left alone. (The firewall script saves
    /// every table and asks whether the kernel lists any legacy table at all: its own copy, in
    /// the templates.)
    static let iptablesBackends = #"""
        # The iptables backends installed here, one a line: iptables-nft, iptables-legacy,
        # ip6tables-nft, ip6tables-legacy (each with its -save and -restore).
        iptables_backends() {
          for family in iptables ip6tables; do
            for mode in nft legacy; do
              command -v "$family-$mode-save" >/dev/null 2>&1 && command -v "$family-$mode-restore" >/dev/null 2>&1 && echo "$family-$mode"
            done
          done
        }
        # Whether BACKEND is a legacy one without a filter table, asked of the kernel's list:
        # iptables-legacy-save would load the table to answer.
        no_legacy_filter() {
          case $1 in
            iptables-legacy) ! grep -qx filter /proc/net/ip_tables_names 2>/dev/null ;;
            ip6tables-legacy) ! grep -qx filter /proc/net/ip6_tables_names 2>/dev/null ;;
            *) return 1 ;;
          esac
        }

        """#

    /// Arms change `$id` (`ChangeArming`), as part of the apply script, which defines `cleanup`
    /// (removes the staged files) and `fail`: records what the host has now in `$pending` — the
    /// unit's state, the firewall services to be stopped (`$services`, one a line), the files
    /// about to be replaced (`$files`, one a line), the `filter` tables — writes `revert.sh`
    /// there and the boot guard `$guard`, and starts the timer `$timer`, which runs `revert.sh`
    /// after `$timeout` seconds. It holds the lock `$lock` until the apply script ends. From its
    /// end on, `fail` undoes the change at once.
    public static let arm = HostScript(name: "arm", parameters: ["id", "pending", "lock", "firewall_services", "unit", "unit_enabled",
                                                                 "unit_active", "files", "services", "timeout", "timer", "guard", "guard_link"],
                                       body: iptablesBackends + #"""
        # Held until the apply script ends: no undo or confirmation runs while a change is armed.
        command -v flock >/dev/null 2>&1 || { cleanup; fail 'flock (util-linux) is missing: iptfleet needs it to keep a change and its undo apart'; }
        if ! { exec 9>>"$lock" && flock -n 9; }; then cleanup; fail 'another change is being armed, confirmed or undone on this host right now; try again in a minute'; fi
        if [ -e "$pending/reverting" ]; then cleanup; fail "change $(cat "$pending/id" 2>/dev/null) is being undone right now; try again in a minute"; fi
        if [ -e "$pending/armed" ]; then cleanup; fail "an earlier change ($(cat "$pending/id" 2>/dev/null)) is still waiting for its confirmation or its rollback; try again when its timer has fired"; fi
        if ! { rm -rf "$pending" && mkdir -p "$pending/files" "$pending/rules"; }; then cleanup; fail "cannot create $pending"; fi
        printf '%s\n' "$id" > "$pending/id"
        printf '%s\n' "$unit" > "$pending/unit-name"
        # As the probe found them a moment ago (asking systemctl again costs ~8 ms each).
        printf '%s\n' "$unit_enabled" > "$pending/unit-enabled"
        printf '%s\n' "$unit_active" > "$pending/unit-active"
        [ -f "$firewall_services" ] || : > "$pending/created-firewall-services"
        : > "$pending/files.list"
        index=0
        while read -r path; do
          [ -n "$path" ] || continue
          if [ ! -f "$path" ]; then
            printf '%s absent %s\n' "$index" "$path" >> "$pending/files.list"
          elif ! { cp -p "$path" "$pending/files/$index" && printf '%s present %s\n' "$index" "$path" >> "$pending/files.list"; }; then
            cleanup; fail "cannot keep a copy of $path"
          fi
          index=$((index + 1))
        done <<IPTFLEET_FILES
        $files
        IPTFLEET_FILES
        if [ -n "$services" ]; then printf '%s\n' "$services" > "$pending/services"; else : > "$pending/services"; fi
        for tool in $(iptables_backends); do
          if no_legacy_filter "$tool"; then continue; fi
          "$tool-save" -t filter > "$pending/rules/$tool" 2>/dev/null || : > "$pending/rules/$tool"
        done
        cat > "$pending/revert.sh" <<'IPTFLEET_REVERT' || { cleanup; fail 'cannot write the rollback script'; }

        """# + revert.body + #"""

        IPTFLEET_REVERT
        # Runs `revert.sh boot` early at boot when a change is still armed: before the firewall
        # unit starts, so the host comes up with its previous files and unit state.
        cat > "$guard" <<IPTFLEET_GUARD || { cleanup; fail "cannot write $guard"; }
        # Installed by iptfleet: undoes a firewall change that was never confirmed because the
        # host restarted inside its confirm window. Does nothing otherwise.
        [Unit]
        Description=iptfleet: undo an unconfirmed firewall change
        DefaultDependencies=no
        After=local-fs.target
        Before=$unit network-pre.target
        ConditionPathExists=|$pending/armed
        ConditionPathExists=|$pending/reverting

        [Service]
        Type=oneshot
        ExecStart=/bin/sh $pending/revert.sh boot
        IPTFLEET_GUARD
        # Enabled by a plain symlink (no daemon-reload needed).
        if ! { mkdir -p "$(dirname "$guard_link")" && ln -sf "../$(basename "$guard")" "$guard_link"; }; then cleanup; fail "cannot enable $(basename "$guard")"; fi
        date -u +%Y-%m-%dT%H:%M:%SZ > "$pending/armed-at"
        : > "$pending/armed"
        if ! systemd-run --quiet --unit="$timer" --on-active="${timeout}s" --timer-property=AccuracySec=1s \
            --description="iptfleet: undo change $id unless confirmed" /bin/sh "$pending/revert.sh" >/dev/null 2>&1; then
          rm -rf "$pending"; cleanup; fail 'cannot arm the rollback timer (systemd-run)'
        fi
        # From here on, a failure puts the previous state back at once.
        fail() { cleanup; systemctl stop "$timer.timer" >/dev/null 2>&1; IPTFLEET_LOCK_HELD=1 sh "$pending/revert.sh" >/dev/null 2>&1; echo "iptfleet: $*; the previous files and rules are back" >&2; exit 1; }

        """#)

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

        """# + iptablesBackends + #"""
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
        [ "$boot" = boot ] || for tool in $(iptables_backends); do
          if [ -s "$dir/rules/$tool" ]; then
            "$tool-restore" < "$dir/rules/$tool" || say "cannot restore the $tool rules"
            continue
          fi
          # The table did not exist before: leave it open if it exists now.
          if no_legacy_filter "$tool"; then continue; fi
          case $tool in
            *-nft) "$tool-save" -t filter 2>/dev/null | grep -q '^\*filter' || continue ;;
          esac
          printf '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n' | "$tool-restore" || say "cannot open the $tool filter table"
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
