"""The calendar page: make a link (shown once), see that it is active, make a new one, stop it."""

from django.test import Client

from overgang.feeds.models import CalendarFeed, NameStyle


def test_anonymous_is_sent_to_the_login(db):
    response = Client().get("/feeds/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_anonymous_cannot_make_a_link(db):
    response = Client().post("/feeds/", {"name_style": NameStyle.INITIALS})

    assert response.status_code == 302
    assert not CalendarFeed.objects.exists()


def test_it_offers_initials_by_default(alice, client_for):
    response = client_for(alice).get("/feeds/")

    assert response.status_code == 200
    assert response.context["feed"] is None
    assert 'value="initials" checked' in response.content.decode()


def test_it_shows_the_new_link_once(alice, client_for, fetch):
    client = client_for(alice)

    created = client.post("/feeds/", {"name_style": NameStyle.FIRST_NAME})

    url = created.context["subscribe_url"]
    assert url.startswith("http://testserver/feeds/") and url.endswith(".ics")
    assert url in created.content.decode()
    assert fetch(url.rsplit("/", 1)[1].removesuffix(".ics")).status_code == 200
    assert CalendarFeed.objects.get(user=alice).name_style == NameStyle.FIRST_NAME

    later = client.get("/feeds/")

    assert later.context["subscribe_url"] is None
    assert url not in later.content.decode()
    assert later.context["feed"].name_style == NameStyle.FIRST_NAME


def test_a_new_link_from_the_page_stops_the_old_one(alice, client_for, fetch):
    client = client_for(alice)
    first = client.post("/feeds/", {"name_style": NameStyle.INITIALS}).context["subscribe_url"]

    client.post("/feeds/", {"name_style": NameStyle.INITIALS})

    assert fetch(first.rsplit("/", 1)[1].removesuffix(".ics")).status_code == 404
    assert CalendarFeed.objects.filter(user=alice).count() == 2


def test_it_rejects_an_unknown_name_style(alice, client_for):
    response = client_for(alice).post("/feeds/", {"name_style": "cpr"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not CalendarFeed.objects.exists()


def test_stopping_the_link_asks_first_then_stops_it(alice, client_for, feed_for, fetch):
    _, token = feed_for(alice)
    client = client_for(alice)

    confirmation = client.get("/feeds/revoke/")

    assert confirmation.status_code == 200
    assert fetch(token).status_code == 200

    response = client.post("/feeds/revoke/")

    assert response.status_code == 302
    assert fetch(token).status_code == 404


def test_stopping_only_touches_ones_own_link(alice, bob, client_for, feed_for, fetch):
    _, alices_token = feed_for(alice)

    client_for(bob).post("/feeds/revoke/")

    assert fetch(alices_token).status_code == 200


def test_the_manager_may_have_a_feed_too(manny, client_for):
    response = client_for(manny).post("/feeds/", {"name_style": NameStyle.INITIALS})

    assert response.status_code == 200
    assert response.context["subscribe_url"]


def test_a_user_without_a_municipality_is_refused(db, client_for):
    from overgang.accounts.models import User

    outsider = User.objects.create_user(username="olga", password="x")

    assert client_for(outsider).get("/feeds/").status_code == 403
