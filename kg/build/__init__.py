"""kg/build"""
