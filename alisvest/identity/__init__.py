"""Login through HelseID and ID-porten (OpenID Connect), and the links between a person's
national identity and their account. See docs/identity.md."""
