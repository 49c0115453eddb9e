# Runs image/package/phoneflasher/phoneflasher.mk's own definitions outside Buildroot, with the few variables of
# Buildroot's that they use: `install` puts the package's files into TARGET_DIR as Buildroot would, `users` prints
# its users table (PHONEFLASHER_USERS, in Buildroot's makeusers format). Run it in the folder that holds the jar:
# the package's $(@D), its build directory, is "." here.
# Usage: make -C app/target -f scripts/vm/package.mk PACKAGE_DIR=… TARGET_DIR=… BR2_EXTERNAL_PHONEFLASHER_PATH=… install
INSTALL = install
generic-package =
include $(PACKAGE_DIR)/phoneflasher.mk

.PHONY: install users
install:
	$(PHONEFLASHER_BUILD_CMDS)
	$(PHONEFLASHER_INSTALL_TARGET_CMDS)
	$(PHONEFLASHER_INSTALL_INIT_SYSV)

users:
	@printf '%s\n' '$(strip $(PHONEFLASHER_USERS))'
