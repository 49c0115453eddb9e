################################################################################
#
# phoneflasher
#
################################################################################

# The jar Maven builds (mvn -B -DskipTests package, which scripts/build-image.sh
# runs first): only that file is copied from app/target.
PHONEFLASHER_SITE = $(BR2_EXTERNAL_PHONEFLASHER_PATH)/../app/target
PHONEFLASHER_SITE_METHOD = local
PHONEFLASHER_OVERRIDE_SRCDIR_RSYNC_EXCLUSIONS = --include=phoneflasher.jar --exclude='*'

define PHONEFLASHER_BUILD_CMDS
	@test -f $(@D)/phoneflasher.jar || { \
		echo "phoneflasher: no app/target/phoneflasher.jar; build it first: mvn -B -DskipTests package"; \
		exit 1; }
endef

define PHONEFLASHER_INSTALL_TARGET_CMDS
	$(INSTALL) -D -m 0644 $(@D)/phoneflasher.jar \
		$(TARGET_DIR)/usr/share/phoneflasher/phoneflasher.jar
	$(INSTALL) -d -m 0755 $(TARGET_DIR)/media/usb $(TARGET_DIR)/data
endef

# The init scripts are the package's: S05data checks and mounts /data, S99phoneflasher
# runs the app. Their settings (/etc/phoneflasher.conf) are in the rootfs overlay,
# beside the network and mdev files they work with.
define PHONEFLASHER_INSTALL_INIT_SYSV
	$(INSTALL) -D -m 0755 $(BR2_EXTERNAL_PHONEFLASHER_PATH)/package/phoneflasher/S05data \
		$(TARGET_DIR)/etc/init.d/S05data
	$(INSTALL) -D -m 0755 $(BR2_EXTERNAL_PHONEFLASHER_PATH)/package/phoneflasher/S99phoneflasher \
		$(TARGET_DIR)/etc/init.d/S99phoneflasher
endef

# The app runs as this user, with only the capabilities it needs for ports
# below 1024 and its device-bound DHCP socket (see S99phoneflasher).
define PHONEFLASHER_USERS
	phoneflasher -1 phoneflasher -1 * - - - Phone Flasher
endef

$(eval $(generic-package))
