"""短信验证码: proving that a mobile number belongs to the person typing it.

A resident asks for a code, it is sent by text message, and typing it back proves the number is
theirs; the number then stays verified in that browser for a while. Registering, starting a quiz
and sending a named suggestion rely on it.
"""
