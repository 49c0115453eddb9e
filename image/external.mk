include $(sort $(wildcard $(BR2_EXTERNAL_PHONEFLASHER_PATH)/package/*/*.mk))
