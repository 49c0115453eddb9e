#!/bin/sh
# Adds the users of a package's users table (Buildroot's makeusers format, one a line on stdin:
# name uid group gid password home shell groups comment) to TARGET's passwd, group and shadow, as the image build
# does: uid or gid -1 is the first free one from 1000, password * is a locked account, home - is /, shell - is
# /bin/false. Enough for the box's one user; not Buildroot's script.
set -eu
target=${1:?target dir}
free_id() { # FILE: the first id from 1000 not in its third field
	id=1000
	while cut -d: -f3 "$1" | grep -qx "$id"; do id=$((id + 1)); done
	echo "$id"
}
while read -r name uid group gid password home shell _groups comment; do
	[ -n "$name" ] || continue
	if ! grep -q "^$group:" "$target/etc/group"; then
		[ "$gid" = -1 ] && gid=$(free_id "$target/etc/group")
		echo "$group:x:$gid:" >> "$target/etc/group"
	fi
	gid=$(grep "^$group:" "$target/etc/group" | cut -d: -f3)
	grep -q "^$name:" "$target/etc/passwd" && continue
	[ "$uid" = -1 ] && uid=$(free_id "$target/etc/passwd")
	[ "$home" = - ] && home=/
	[ "$shell" = - ] && shell=/bin/false
	echo "$name:x:$uid:$gid:$comment:$home:$shell" >> "$target/etc/passwd"
	[ "$password" = "*" ] || { echo "add-users.sh: only locked accounts (*) here, not $name's" >&2; exit 1; }
	echo "$name:*:::::::" >> "$target/etc/shadow"
done
