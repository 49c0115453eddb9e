################################################################################
#
# phoneflasher
#
################################################################################

# The version is pom.xml's (ImageTreeIT checks they agree). The jar Maven builds
# (mvn -B -DskipTests package, which scripts/build-image.sh runs first) and the
# LICENSE it puts beside it are all that is copied from app/target.
PHONEFLASHER_VERSION = 0.1.0
PHONEFLASHER_LICENSE = Apache-2.0 (Phone Flasher), LGPL-2.1 (dhcp4java, in the jar), Apache-2.0/EPL-2.0 (other libraries in the jar)
PHONEFLASHER_LICENSE_FILES = LICENSE
PHONEFLASHER_SITE = $(BR2_EXTERNAL_PHONEFLASHER_PATH)/../app/target
PHONEFLASHER_SITE_METHOD = local
PHONEFLASHER_OVERRIDE_SRCDIR_RSYNC_EXCLUSIONS = --include=phoneflasher.jar --include=LICENSE --exclude='*'

# A jar older than its sources is refused: the image would ship yesterday's box.
define PHONEFLASHER_BUILD_CMDS
	$(BR2_EXTERNAL_PHONEFLASHER_PATH)/package/phoneflasher/check-jar.sh \
		$(PHONEFLASHER_SITE)/phoneflasher.jar $(BR2_EXTERNAL_PHONEFLASHER_PATH)/..
endef

define PHONEFLASHER_INSTALL_TARGET_CMDS
	$(INSTALL) -D -m 0644 $(@D)/phoneflasher.jar \
		$(TARGET_DIR)/usr/share/phoneflasher/phoneflasher.jar
	$(INSTALL) -d -m 0755 $(TARGET_DIR)/media/usb $(TARGET_DIR)/data
endef

# The init scripts are the package's: S03settings reads phoneflasher.txt from the boot partition, S05data checks and mounts /data, S06clock keeps
# the time across reboots (a Pi has no clock), S15watchdog
# feeds the hardware watchdog, S99phoneflasher runs the app. Their settings (/etc/phoneflasher.conf) are in the rootfs overlay,
# beside the network and mdev files they work with.
define PHONEFLASHER_INSTALL_INIT_SYSV
	$(INSTALL) -D -m 0755 $(BR2_EXTERNAL_PHONEFLASHER_PATH)/package/phoneflasher/S03settings \
		$(TARGET_DIR)/etc/init.d/S03settings
	$(INSTALL) -D -m 0755 $(BR2_EXTERNAL_PHONEFLASHER_PATH)/package/phoneflasher/S05data \
		$(TARGET_DIR)/etc/init.d/S05data
	$(INSTALL) -D -m 0755 $(BR2_EXTERNAL_PHONEFLASHER_PATH)/package/phoneflasher/S06clock \
		$(TARGET_DIR)/etc/init.d/S06clock
	$(INSTALL) -D -m 0755 $(BR2_EXTERNAL_PHONEFLASHER_PATH)/package/phoneflasher/S15watchdog \
		$(TARGET_DIR)/etc/init.d/S15watchdog
	$(INSTALL) -D -m 0755 $(BR2_EXTERNAL_PHONEFLASHER_PATH)/package/phoneflasher/S99phoneflasher \
		$(TARGET_DIR)/etc/init.d/S99phoneflasher
endef

# The app runs as this user, with only the capabilities it needs for ports
# below 1024 and its device-bound DHCP socket (see S99phoneflasher).
define PHONEFLASHER_USERS
	phoneflasher -1 phoneflasher -1 * - - - Phone Flasher
endef

$(eval $(generic-package))
