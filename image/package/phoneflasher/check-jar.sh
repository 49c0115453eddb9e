#!/bin/sh
# Refuses a jar older than the sources it is built from, so an image never ships yesterday's box.
# Usage: check-jar.sh JAR REPO   (phoneflasher.mk runs it before it takes the jar)
jar=$1 repo=$2
if [ ! -f "$jar" ]; then
	echo "phoneflasher: no $jar; build it first: mvn -B -DskipTests package" >&2
	exit 1
fi
newer=$(find "$repo/app/src/main" "$repo/pom.xml" "$repo/app/pom.xml" -newer "$jar" -type f -print 2>/dev/null | head -n 1)
if [ -n "$newer" ]; then
	echo "phoneflasher: $jar is older than $newer; build it again: mvn -B -DskipTests package" >&2
	exit 1
fi
