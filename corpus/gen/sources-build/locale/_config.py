_config.py: a file whose name sorts differently in C and en_US.UTF-8
