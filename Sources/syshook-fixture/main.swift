print("fixture placeholder")
