from django.contrib.auth.base_user import BaseUserManager


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        # Addresses are compared case-insensitively everywhere (and unique
        # case-insensitively in the database), so store them in one case.
        return (email or "").strip().lower()

    # Bulk writes skip ``User.save``: they keep ``search_text`` too (seeds, benches,
    # imports). Historical models in migrations have neither the fields list nor the method.
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            if hasattr(obj, "search_text_refresh"):
                obj.search_text_refresh()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        if set(fields) & set(getattr(self.model, "SEARCHED_FIELDS", ())):
            objs = list(objs)
            for obj in objs:
                obj.search_text_refresh()
            fields = [*fields, "search_text"] if "search_text" not in fields else list(fields)
        return super().bulk_update(objs, fields, *args, **kwargs)

    def get_by_natural_key(self, username: str):
        return self.get(email__iexact=self.normalize_email(username))

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        email = self.normalize_email(email)
        extra.setdefault("display_name", email.split("@")[0])
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)
