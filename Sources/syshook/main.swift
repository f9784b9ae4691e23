print("syshook placeholder")
