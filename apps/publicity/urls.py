from django.urls import path

from .views import public, staff

app_name = "publicity"

urlpatterns = [
    path("", public.home, name="home"),
    path("news/", public.article_list, name="article_list"),
    path("news/category/<slug:category>/", public.article_list, name="category"),
    path("news/search/", public.search, name="search"),
    path("news/feed/", public.LatestArticlesFeed(), name="feed"),
    path("news/feed/atom/", public.LatestArticlesAtomFeed(), name="feed_atom"),
    path("news/<int:pk>/", public.article_detail, name="article"),
    path("news/<int:pk>/cover/", public.article_cover, name="article_cover"),
    path("news/images/<int:pk>/", public.article_image, name="article_image"),
    path("news/exemplars/", public.exemplar_list, name="exemplar_list"),
    path("news/exemplars/<int:pk>/", public.exemplar_detail, name="exemplar"),
    path("news/exemplars/<int:pk>/photo/", public.exemplar_photo, name="exemplar_photo"),
    # Staff
    path("news/manage/", staff.manage_list, name="manage"),
    path("news/manage/new/", staff.manage_create, name="manage_create"),
    path("news/manage/<int:pk>/", staff.manage_detail, name="manage_detail"),
    path("news/manage/<int:pk>/edit/", staff.manage_edit, name="manage_edit"),
    path("news/manage/<int:pk>/submit/", staff.manage_submit, name="manage_submit"),
    path("news/manage/<int:pk>/approve/", staff.manage_approve, name="manage_approve"),
    path("news/manage/<int:pk>/return/", staff.manage_return, name="manage_return"),
    path("news/manage/<int:pk>/unpublish/", staff.manage_unpublish, name="manage_unpublish"),
    path("news/manage/<int:pk>/images/", staff.manage_image_upload, name="manage_image_upload"),
    path("news/submissions/", staff.submission_list, name="submission_list"),
    path("news/submissions/new/", staff.submission_create, name="submission_create"),
    path("news/submissions/<int:pk>/", staff.submission_detail, name="submission_detail"),
    path("news/submissions/ranking/", staff.ranking, name="ranking"),
    path("news/submissions/ranking/export/", staff.ranking_export, name="ranking_export"),
]
